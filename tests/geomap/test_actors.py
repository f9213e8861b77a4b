"""The actor table (geomap/data/actors.yaml) on sentences written for these tests.

Each positive names one actor the way embassy reporting tends to; the negatives pin the
ambiguities the table resolves by country, case or length.
"""

import pytest

from geomap.events import load_rules


def names(text, country):
    return [h.name for h in load_rules().actors_in(text, country=country)]


POSITIVES = [
    # Colombia
    ("CO", "Guerrillas of the FARC's 48th Front blew up a bridge.", "FARC"),
    ("CO", "The 32nd Front hit an oil well near the border.", "FARC"),
    ("CO", "Fighters of the FARC-EP shot at a patrol.", "FARC"),
    ("CO", "An ELN cell set off a charge under the pipeline.", "ELN"),
    ("CO", "The National Liberation Army freed two hostages.", "ELN"),
    ("CO", "Remnants of the EPL clashed with troops.", "EPL"),
    ("CO", "Former AUC commanders were extradited.", "AUC"),
    ("CO", "The United Self-Defense Forces of Colombia began to demobilise.", "AUC"),
    ("CO", "Leaflets signed by the Autodefensas appeared in town.", "AUC"),
    ("CO", "Paramilitaries killed a union organiser.", "Colombian paramilitaries"),
    ("CO", "Local paras threatened the shopkeepers.", "Colombian paramilitaries"),
    ("CO", "A BACRIM cell extorted ranchers.", "BACRIM"),
    ("CO", "Los Rastrojos fought a rival band.", "Los Rastrojos"),
    ("CO", "Threats from the Black Eagles reached the mayor.", "Aguilas Negras"),
    ("CO", "Pamphlets from the Aguilas Negras circulated.", "Aguilas Negras"),
    ("CO", "Assets of Los Mellizos were seized.", "Los Mellizos"),
    ("CO", "COLMIL units pushed into the valley.", "Colombian Army"),
    ("CO", "The Colombian Army retook the hill.", "Colombian Army"),
    ("CO", "Men of the 18th Brigade crossed the river.", "Colombian Army"),
    ("CO", "Army patrols came under fire.", "Colombian Army"),
    ("CO", "The CNP raided a cocaine lab.", "Colombian National Police"),
    ("CO", "Agents of the DIJIN detained a money launderer.", "Colombian National Police"),
    ("CO", "The police closed the road.", "Colombian National Police"),
    ("CO", "DAS agents arrested a forger.", "DAS"),
    ("CO", "The Administrative Security Department opened an inquiry.", "DAS"),
    ("CO", "A FAC aircraft bombed the camp.", "Colombian Air Force"),
    ("CO", "The Colombian Air Force struck a camp.", "Colombian Air Force"),
    ("CO", "The Colombian Navy stopped a speedboat.", "Colombian Navy"),
    ("CO", "The Colombian military took the town back.", "Colombian Armed Forces"),
    ("CO", "The armed forces sent reinforcements.", "Colombian Armed Forces"),
    ("CO", "The Fiscalia charged three councillors.", "Fiscalia"),
    ("CO", "The Prosecutor General's Office seized a farm.", "Fiscalia"),
    ("CO", "Protesters blocked the highway.", "Protesters (Colombia)"),
    # Ecuador
    ("EC", "The Ecuadorian Army moved a battalion north.", "Ecuadorian Army"),
    ("EC", "The National Police cleared the bridge.", "Ecuadorian National Police"),
    ("EC", "The Ecuadorian National Police arrested a courier.", "Ecuadorian National Police"),
    ("EC", "The FFAA reinforced the northern border.", "Ecuadorian Armed Forces"),
    ("EC", "CONAIE called a national strike.", "CONAIE"),
    ("EC", "CONFENAIE kept the road blocked.", "CONFENAIE"),
    ("EC", "Indigenous protesters threw stones.", "Indigenous groups (Ecuador)"),
    ("EC", "The UNE called teachers out.", "UNE teachers' union"),
    ("EC", "Students marched on the ministry.", "Students (Ecuador)"),
    # Bolivia
    ("BO", "Bolivian police stormed the hotel.", "Bolivian National Police"),
    ("BO", "Police fired tear gas at the crowd.", "Bolivian National Police"),
    ("BO", "UMOPAR troops destroyed a maceration pit.", "FELCN"),
    ("BO", "The FELCN seized a tonne of paste.", "FELCN"),
    ("BO", "The Bolivian Army guarded the gas field.", "Bolivian Army"),
    ("BO", "Bolivian troops occupied the plant.", "Bolivian Armed Forces"),
    ("BO", "Cooperative miners fought with salaried workers.", "Cooperative miners (Bolivia)"),
    ("BO", "Miners set off dynamite in the square.", "Miners (Bolivia)"),
    ("BO", "MAS supporters surrounded the building.", "MAS supporters"),
    ("BO", "The Ponchos Rojos paraded with whips.", "Ponchos Rojos"),
    ("BO", "Red Ponchos blocked the altiplano road.", "Ponchos Rojos"),
    ("BO", "The Santa Cruz Civic Committee called a strike.", "Santa Cruz Civic Committee"),
    ("BO", "UJC youths beat a journalist.", "Union Juvenil Crucenista"),
    ("BO", "Cocaleros blocked the highway.", "cocaleros"),
    # Peru
    ("PE", "A FAP helicopter came down in the valley.", "Peruvian Air Force"),
    ("PE", "The Peruvian Navy patrolled the river.", "Peruvian Navy"),
    ("PE", "DINOES commandos entered the camp.", "Peruvian National Police"),
    ("PE", "DIRCOTE detectives arrested a courier.", "Peruvian National Police"),
    ("PE", "Ethnocaceristas took over the police station.", "Etnocaceristas"),
    ("PE", "The CGTP called a general strike.", "CGTP"),
    ("PE", "Members of the Civil Construction union stoned the bus.", "Construction workers (FTCCP)"),
    ("PE", "University students occupied the square.", "Students (Peru)"),
    ("PE", "Demonstrators burned tyres.", "Protesters (Peru)"),
    ("PE", "Rioters looted shops.", "Rioters (Peru)"),
    ("PE", "Two civilians died in the crossfire.", "Civilians (Peru)"),
    ("PE", "National Police officers were ambushed.", "Peruvian National Police"),
]


@pytest.mark.parametrize(("country", "text", "actor"), POSITIVES, ids=[f"{c}:{a}:{t[:24]}" for c, t, a in POSITIVES])
def test_actor_is_named(country, text, actor):
    assert actor in names(text, country)


def test_national_police_follows_the_document_country():
    text = "The National Police arrested the suspects."
    assert names(text, "CO") == ["Colombian National Police"]
    assert names(text, "EC") == ["Ecuadorian National Police"]
    assert names(text, "BO") == ["Bolivian National Police"]
    assert names(text, "PE") == ["Peruvian National Police"]
    assert names(text, None) == []


def test_a_named_force_beats_the_generic_word():
    assert names("The Colombian National Police raided the farm.", "PE") == ["Colombian National Police"]
    assert names("Venezuelan Army troops crossed over.", "CO")[0] == "Venezuelan Army"
    assert "Colombian Navy" not in names("A U.S. Navy ship docked.", "CO")
    assert names("The Peruvian Army entered the valley.", "CO") == ["Peruvian Army"]


def test_generic_words_need_the_country():
    assert names("Soldiers and police arrived.", None) == []
    assert "Peruvian Army" not in names("Soldiers arrived.", "CO")
    assert "DIRANDRO" not in names("Anti-drug police burned the lab.", "BO")
    assert names("Anti-drug police burned the lab.", "BO") == ["FELCN"]


def test_ambiguous_acronyms():
    assert names("das ist gut; das Auto", "CO") == []  # lower-case "das" is a word, not the DAS
    assert "DAS" not in names("WHA DAS Smith met the minister.", "CO")  # a Deputy Assistant Secretary
    assert names("See paras 3-4 above.", "CO") == []  # paragraphs, not paramilitaries
    assert names("Petroecuador EP signed a contract.", "EC") == []  # EP is the Peruvian Army only in Peru
    assert names("The FARC-EP denied it.", "CO") == ["FARC"]
    assert names("The UNE called a strike.", "CO") == []  # the teachers' union is Ecuador's
    assert names("an arc of towns", "CO") == []


def test_crowds_resolve_by_country_with_a_fallback():
    assert names("Civilians fled.", "BO") == ["Civilians (Bolivia)"]
    assert names("Civilians fled.", None) == ["civilians"]
    assert names("Protesters gathered.", None) == []
