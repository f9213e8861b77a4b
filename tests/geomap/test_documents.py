"""The document stage on every layout, on encodings and on bad input."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.documents import document_from_path, document_from_text, documents_from_paths
from geomap.documents.cable import normalise_ref, paragraphs_from
from geomap.documents.decode import text_from_bytes
from geomap.documents.readers import dateline_in, datetime_from_dateline
from geomap.errors import DocumentError
from tests.conftest import LAYOUTS

UTC = dt.timezone.utc


@pytest.mark.parametrize(
    ("name", "fmt", "ref", "released"),
    [("raw_cable.txt", "cable", "06LIMA777", None),
     ("wikileaks_page.txt", "wikileaks-page", "06LIMA777", dt.datetime(2011, 2, 1, 12, 0, tzinfo=UTC)),
     ("cablegatesearch.txt", "cablegatesearch", "06LIMA777", dt.datetime(2011, 2, 1, 12, 0, tzinfo=UTC)),
     ("field_header.txt", "field-header", "06LIMA777", dt.datetime(2011, 2, 1, 12, 0, tzinfo=UTC))],
)
def test_cable_layouts_give_the_same_metadata(name, fmt, ref, released):
    doc = document_from_path(LAYOUTS / name)
    assert doc.format == fmt
    assert doc.ref == ref
    assert doc.datetime == dt.datetime(2006, 3, 3, 15, 30, tzinfo=UTC)
    assert doc.origin == "Embassy Lima"
    assert doc.classification == "CONFIDENTIAL"
    assert doc.subject.startswith("TEST CABLE: TWO INCIDENTS")
    assert doc.signer == "SMITH"
    assert doc.released == released
    assert "PTER" in doc.tags


def test_raw_cable_details():
    doc = document_from_path(LAYOUTS / "raw_cable.txt")
    assert doc.subject == "TEST CABLE: TWO INCIDENTS IN THE VRAE AND A LONG SUBJECT LINE"
    assert doc.tags == ("PTER", "SNAR", "PE") and doc.country == "PE"
    assert doc.references == ("06LIMA700", "05LIMA4321", "06STATE12345")
    assert [p.number for p in doc.paragraphs] == [1, 2, 3, 4]  # "14." after 3 is paragraph 4
    assert [p.marking for p in doc.paragraphs] == ["C", "SBU", "S/NF", "C"]
    for p in doc.paragraphs:
        assert doc.body[p.start : p.end] == p.text
    assert "SMITH" not in doc.paragraphs[-1].text


def test_addressee_lines_are_not_paragraph_text():
    doc = document_from_path(LAYOUTS / "raw_cable.txt")
    text = " ".join(p.text for p in doc.paragraphs)
    for addressee in ("BOGOTA", "QUITO", "LA PAZ", "MIAMI", "WASHDC"):
        assert addressee not in text


def test_scoop_extract_drops_the_page_after_the_cable():
    doc = document_from_path(LAYOUTS / "scoop_extract.txt")
    assert doc.format == "scoop-extract"
    assert doc.subject == "Test Cable About Police Bases in the Vraem"
    assert doc.ref is None and doc.datetime is None and doc.references == ()
    assert doc.paragraphs[-1].text.endswith("Pichari last month.")
    assert "Kinshasa" not in doc.body and "Headlines" not in doc.body


def test_news_dateline():
    doc = document_from_path(LAYOUTS / "news.txt")
    assert doc.format == "text"
    assert doc.datetime == dt.datetime(2008, 6, 5, tzinfo=UTC) and not doc.datetime_inferred
    assert doc.subject == "Soldiers clash with rebels in the Ene valley"
    assert len(doc.paragraphs) == 3


@pytest.mark.parametrize(
    ("text", "dateline", "filed"),
    [("HUANTA, June 4, 2008 - Troops found a camp.", "HUANTA, June 4, 2008 - ", "2008-06-04"),
     ("HUANTA, 4 June 2008 -- Troops found a camp.", "HUANTA, 4 June 2008 -- ", "2008-06-04"),
     ("SAN FRANCISCO, June 2008 - Troops found a camp.", "SAN FRANCISCO, June 2008 - ", "2008-06-01"),
     ("HUANTA, JUNE 4, 2008 - TROOPS FOUND A CAMP.", "HUANTA, JUNE 4, 2008 - ", "2008-06-04"),
     ("HUANTA, 4 de junio de 2008 - Tropas hallaron un campamento.", "HUANTA, 4 de junio de 2008 - ", "2008-06-04"),
     ("Huanta, 4 de junio del 2008.- Tropas hallaron un campamento.", "Huanta, 4 de junio del 2008.- ", "2008-06-04"),
     ("Puerto Maldonado, 9 de setiembre de 2008 – Mineros bloquearon la vía.", "Puerto Maldonado, 9 de setiembre de 2008 – ", "2008-09-09"),
     ("HUANTA, June 4, 2008 (AP) -- Troops found a camp.", "HUANTA, June 4, 2008 (AP) -- ", "2008-06-04"),
     ("HUANTA, 2008-06-04 - Troops found a camp.", "HUANTA, 2008-06-04 - ", "2008-06-04"),
     ("Army raid\nHUANTA, Sept. 4, 2008 - Troops found a camp.", "HUANTA, Sept. 4, 2008 - ", "2008-09-04")],
)
def test_dateline_forms(text, dateline, filed):
    start, end, when = dateline_in(text)
    assert (text[start:end], when.date().isoformat()) == (dateline, filed)
    assert datetime_from_dateline(text)[0] == when


@pytest.mark.parametrize(
    ("reference", "filed"),
    [(None, None), (dt.date(2008, 6, 10), "2008-06-04"), (dt.date(2008, 6, 1), "2008-06-04"),
     (dt.date(2009, 1, 3), "2008-06-04"), (dt.date(2008, 5, 20), "2007-06-04")],
)
def test_a_dateline_without_a_year_takes_the_year_of_the_document_date(reference, filed):
    text = "HUANTA, Peru, June 4 (Reuters) - Troops found a camp."
    start, end, when = dateline_in(text, reference=reference)
    assert text[end:] == "Troops found a camp."  # found even when it has no date
    assert (when.date().isoformat() if when else None) == filed


@pytest.mark.parametrize(
    "text",
    ["LIMA, THE CAPITAL, SAW NO PROTESTS IN JUNE 2008.", "HUANTA, a town of 9,000 - mostly farmers - voted.",
     "In Huanta, June 4 - 6 saw three marches.", "HUANTA, June 4 troops found a camp.", "However, police said - again - no."],
)
def test_not_a_dateline(text):
    assert dateline_in(text) is None and datetime_from_dateline(text) == (None, False)


def test_normalise_ref():
    assert normalise_ref("LIMA", "003646", 2007) == "07LIMA3646"
    assert normalise_ref("LA PAZ", "12", 1999) == "99LAPAZ12"


def test_paragraph_numbers_must_follow_each_other():
    body = "1. (C) First.\n3. Not a paragraph.\n2. (C) Second.\n"
    assert [p.number for p in paragraphs_from(body)] == [1, 2]


@pytest.mark.parametrize("encoding", ["utf-8", "windows-1252", "latin-1"])
def test_encodings(tmp_path, encoding):
    text = "1. (C) The PNP’s base near Huánuco was attacked." if encoding != "latin-1" else "1. (C) Base near Huánuco\x85"
    raw = text.encode(encoding)
    f = tmp_path / "doc.txt"
    f.write_bytes(raw)
    doc = document_from_path(f)
    assert "Huánuco" in doc.body
    assert doc.encoding == ("utf-8" if encoding == "utf-8" else "windows-1252")


def test_bytes_only_latin1_can_decode():
    text, encoding = text_from_bytes(b"Cable from Hu\xe1nuco \x81 end")
    assert encoding == "latin-1" and "Huánuco" in text


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty file"), (b"  \n\t ", "white space"), (b"\x89PNG\r\n\x1a\nxxxx", "PNG"),
     (b"\x1f\x8b\x08\x00abc", "gzip"), (b"text\x00with NUL", "NUL"), (b"%PDF-1.4", "PDF")],
)
def test_bad_input_names_file_and_reason(tmp_path, data, reason):
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    with pytest.raises(DocumentError, match=reason) as info:
        document_from_path(f)
    assert "bad.txt" in str(info.value)


def test_unreadable_and_missing_files(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        document_from_path(tmp_path / "missing.txt")
    with pytest.raises(DocumentError, match="folder"):
        document_from_path(tmp_path)


def test_a_broken_file_does_not_stop_the_batch(tmp_path):
    (tmp_path / "a_good.txt").write_text("1. (C) Police seized cocaine in Pichari.")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_good.txt").write_text("Soldiers patrolled Sivia.")
    (tmp_path / ".hidden.txt").write_text("ignored")
    results = list(documents_from_paths([tmp_path]))
    assert [type(r).__name__ for r in results] == ["Document", "DocumentError", "Document"]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_give_a_document_or_a_document_error(data):
    try:
        text, _ = text_from_bytes(data)
    except DocumentError:
        return
    document_from_text(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3000))
def test_arbitrary_text_parses(text):
    doc = document_from_text(text)
    for p in doc.paragraphs:
        assert doc.body[p.start : p.end] == p.text


_CABLE_BITS = st.sampled_from(
    ["VZCZC", "O 051146Z DEC 07", "FM AMEMBASSY LIMA", "C O N F I D E N T I A L LIMA 003764", "TAGS: [PE](#)",
     "SUBJECT: X", "REF: A. LIMA 12", "¶1. (C) text", "14. (S) text", "Reference ID\tCreated\tReleased\tClassification\tOrigin",
     "07LIMA1\t2007-02-30 25:99\t\t\t", "Cablegate: T", "© Scoop Media", "NEALON", "\n", "\n\n", "[1](#)2. (SBU)"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_CABLE_BITS, st.text(max_size=20)), max_size=40))
def test_cable_shaped_noise_parses(parts):
    document_from_text("\n".join(parts))


def test_release_csv_streams_rows_and_reports_bad_ones():
    results = list(documents_from_paths([LAYOUTS / "release.csv"]))
    assert [type(r).__name__ for r in results] == ["Document", "DocumentError", "Document"]
    first, bad, third = results
    assert first.format == "release-csv" and first.record == 1
    assert first.ref == "06LIMA777" and first.datetime == dt.datetime(2006, 3, 3, 15, 30, tzinfo=UTC)
    assert first.references == ("06LIMA700", "06LIMA701") and first.signer == "SMITH"
    assert first.subject == "TEST CABLE IN A CSV ROW" and first.tags == ("PTER", "SNAR", "PE")
    assert '"as released"' in first.paragraphs[0].text and len(first.paragraphs) == 2
    assert "BOGOTA" not in " ".join(p.text for p in first.paragraphs)
    assert "row 2" in str(bad) and "release.csv" in str(bad)
    assert third.references == ("06LIMA777",) and third.classification == "UNCLASSIFIED"


def test_release_csv_with_broken_quoting_keeps_what_came_before(tmp_path):
    good = (LAYOUTS / "release.csv").read_text().split("\n3,")[0]
    broken = tmp_path / "broken.csv"
    broken.write_text(good + '\n3,"4/1/2006 09:15","06LIMA9","x","y","","h","never closed\n' + "x" * 100)
    results = list(documents_from_paths([broken]))
    assert isinstance(results[0], type(document_from_text("x")))
    assert all(isinstance(r, DocumentError) for r in results[1:])


def test_a_csv_that_is_not_a_release_is_reported(tmp_path):
    other = tmp_path / "budget.csv"
    other.write_text("year,amount\n2007,5\n")
    (err,) = documents_from_paths([other])
    assert isinstance(err, DocumentError) and "release layout" in str(err)


def test_html_news_article():
    doc = document_from_path(LAYOUTS / "news.html")
    assert doc.subject == "Police raid cocaine laboratory near Pichari"
    assert doc.datetime == dt.datetime(2008, 6, 5, tzinfo=UTC)
    text = " ".join(p.text for p in doc.paragraphs)
    assert "raided a cocaine laboratory" in text
    assert "California" not in text and "Copyright" not in text and "Sport" not in text


def test_text_without_letters_is_not_a_document(tmp_path):
    f = tmp_path / "numbers.txt"
    f.write_text("12 34 56\n78 90\n")
    with pytest.raises(DocumentError, match="no letters"):
        document_from_path(f)


def test_subject_ends_at_a_blank_line_padded_with_spaces():
    text = "VZCZC\nTAGS: PTER\nSUBJECT: POLICE POST HIT \n \nREF: A. LIMA 12\n\n1. (C) Text.\n"
    doc = document_from_text(text)
    assert doc.subject == "POLICE POST HIT"


@pytest.mark.parametrize(
    ("text", "capitals"),
    [("1. (SBU) POLICE SEIZED 40 KILOS OF COCAINE NEAR PICHARI ON MAY 3.", True),
     ("ARMY UNITS (e.g. THE 31ST BRIGADE) CLEARED THE ROAD TO SATIPO.", True),  # a few lower-case letters
     ("The PNP, DIRANDRO and DINOES raided SL camps in the VRAE.", False),  # acronyms in mixed case
     ("PNP AND DIRANDRO units", False),
     ("-- 12/05/2009 --", False)],  # no letters: neither
)
def test_one_test_tells_a_text_in_capitals_for_every_stage(text, capitals):
    """The mention stage (per paragraph) and the event parser (per sentence) ask the same question."""
    from geomap.documents.case import in_capitals
    from geomap.mentions import _case_of

    assert in_capitals(text) is capitals
    assert _case_of(text) == (not capitals and any(map(str.isalpha, text)), capitals)
