"""Synthetic cable corpora for benchmarks: a folder of raw cables and a release-style CSV.

The text is assembled from sentence templates we wrote (places, actors and
dates vary), so sizes and densities resemble Embassy Lima reporting without
copying any cable. Deterministic for a given seed.

Usage: python benchmarks/generate.py --mb 100 --out benchmarks/data
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

PLACES = ["Pichari", "Sivia", "Llochegua", "Palma Pampa", "Santa Rosa", "Ayacucho", "Huanta", "Tingo Maria",
          "Aucayacu", "Tocache", "Uchiza", "Ocobamba", "Tayacaja", "Huancavelica", "Junin", "Satipo", "Pangoa",
          "Kimbiri", "the VRAE", "the Upper Huallaga", "the Monzon valley", "Vizcatan", "Pucallpa", "Lima",
          "Cusco", "Quillabamba", "Huanuco", "San Martin", "Juanjui", "Pichali", "Llohegua", "Huanaco"]
ACTORS = ["Sendero Luminoso (SL) columns", "PNP officers", "DIRANDRO drug police", "Army patrols", "cocaleros",
          "ronderos (CAD)", "narcotraffickers", "an SL column", "police investigators", "soldiers from the EP"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
EVENTS = [
    "On {month} {day} {actor} ambushed a police patrol near {place}, killing {n} officers.",
    "In {month} {actor} raided a cocaine laboratory in {place} and seized weapons and radios.",
    "{actor} attacked eradication helicopters with rocks near {place} on {month} {day}.",
    "Police arrested {n} suspects in {place} in {month}, according to press reports.",
    "A roadside bomb struck an army vehicle outside {place} on {month} {day}; {n} soldiers were wounded.",
    "In recent days {actor} clashed with an Army patrol in {place}.",
    "The government will deploy {n}00 police to {place} in the coming months.",
]
FILLER = [
    "Officials in Lima continue to debate whether the police or the military should lead operations.",
    "The budget request for the emergency zones remains under discussion in Congress.",
    "Analysts interviewed by the Embassy describe a growing overlap between trafficking and insurgency.",
    "Coca prices rose again this quarter, according to data shared with NAS personnel.",
    "Local officials complain that development projects have stalled for lack of security.",
    "The regional president met cocalero leaders to discuss alternative development programs.",
    "Comment: the trend is worrying, but the information remains fragmentary. End Comment.",
    "Several contacts asked that their names not be used in reporting.",
]


def cable_text(rng: random.Random, number: int) -> tuple[str, str, str]:
    year = rng.randint(2004, 2009)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    mon = MONTHS[month - 1][:3].upper()
    header = (
        f"VZCZCXYZ{number:04d}\nPP RUEHWEB\n\nDE RUEHPE #{number:04d}/01 {rng.randint(1, 365):03d}1200\n"
        f"ZNY CCCCC ZZH\nP {day:02d}1200Z {mon} {year % 100:02d}\nFM AMEMBASSY LIMA\n"
        "TO RUEHC/SECSTATE WASHDC PRIORITY 1234\nINFO RUEHBO/AMEMBASSY BOGOTA PRIORITY 5678\n"
        "RUEHLP/AMEMBASSY LA PAZ PRIORITY 9012\n"
    )
    paragraphs = []
    for p in range(1, rng.randint(7, 13)):
        sentences = []
        for _ in range(rng.randint(5, 11)):
            if rng.random() < 0.3:
                sentences.append(rng.choice(EVENTS).format(
                    month=rng.choice(MONTHS), day=rng.randint(1, 28), actor=rng.choice(ACTORS),
                    place=rng.choice(PLACES), n=rng.randint(2, 9)))
            else:
                sentences.append(rng.choice(FILLER))
        paragraphs.append(f"{p}. (C) " + " ".join(sentences))
    body = (
        f"C O N F I D E N T I A L LIMA {number:06d}\n\nSIPDIS\n\nE.O. 12958: DECL: 01/01/2015\n"
        f"TAGS: PTER SNAR PGOV PE\nSUBJECT: SYNTHETIC BENCHMARK CABLE {number}\n\nREF: LIMA {max(1, number - 1)}\n\n"
        + "\n\n".join(paragraphs) + "\n\nGEOMAP\n"
    )
    created = f"{month}/{day}/{year} 12:00"
    return header, body, created


def generate(out: Path, megabytes: float, seed: int = 7) -> tuple[Path, Path]:
    rng = random.Random(seed)
    folder = out / "cables"
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = out / "release.csv"
    target = int(megabytes * 1_000_000)
    written = 0
    number = 0
    with csv_path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        while written < target:
            number += 1
            header, body, created = cable_text(rng, number)
            text = header + "\n" + body
            sub = folder / f"{number // 1000:03d}"
            sub.mkdir(exist_ok=True)
            (sub / f"cable_{number:06d}.txt").write_text(text, encoding="utf-8")
            ref = f"{created.split('/')[2][2:4]}LIMA{number}"
            writer.writerow([number, created, ref, "Embassy Lima", "CONFIDENTIAL", "", header, body])
            written += len(text.encode())
    return folder, csv_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0, help="size of the folder corpus (the CSV is about the same)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    folder, csv_path = generate(args.out, args.mb, args.seed)
    print(folder, csv_path)


if __name__ == "__main__":
    main()
