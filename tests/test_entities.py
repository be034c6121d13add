"""Entities: NER plus the actor dictionary, merged into canonical entities within a document."""

from tests.language_helpers import analyse

TEXT = ("Col. Amadou Keïta, the commander of the Sévaré garrison, met officers of the Forces armées "
        "maliennes on Monday. Keita said the FAMa would stay in the town. Human Rights Watch (HRW) "
        "asked for an inquiry; HRW said the Wagner Group's instructors had left. The Malian army "
        "denied it. Jihadists attacked a convoy near Douentza.")


def entity(analysis, name):
    return next(e for e in analysis.entities if e.name == name)


def test_dictionary_names_merge_across_languages_and_forms():
    found = analyse(TEXT)
    fama = entity(found, "Military Forces of Mali")
    assert set(fama.aliases) == {"Forces armées maliennes", "FAMa", "Malian army"}
    assert (fama.type, fama.actor_type, fama.country) == ("ORG", "state forces", "ML")
    assert entity(found, "Wagner Group").aliases == ("Wagner Group",)


def test_titles_accents_and_surnames_merge_into_one_person():
    person = entity(analyse(TEXT), "Amadou Keïta")
    assert person.type == "PERSON" and person.key == "name:amadou keita"
    assert set(person.aliases) == {"Amadou Keïta", "Keita"}


def test_an_acronym_in_brackets_is_the_name_before_it():
    hrw = entity(analyse(TEXT.replace("Human Rights Watch", "Sahel Rights Monitor").replace("HRW", "SRM")), "Sahel Rights Monitor")
    assert set(hrw.aliases) == {"Sahel Rights Monitor", "SRM"}


def test_descriptions_link_to_a_category_not_a_name():
    jihadists = entity(analyse(TEXT), "jihadists")
    assert jihadists.type == "DESC" and jihadists.aliases == ("Jihadists",)


def test_roles_from_apposition_and_titles():
    found = analyse("Sidi Traoré, the regional governor of Mopti, spoke on Monday. "
                    "Defence Minister Sadio Camara visited the base.")
    roles = {r.entity_key: r.role for r in found.roles}
    assert roles["name:sidi traore"] == "regional governor of Mopti"
    assert roles["name:sadio camara"] == "Defence Minister"
    assert all(r.date == "2025-03-20" for r in found.roles)


def test_french_names():
    found = analyse("Le président Mahamadou Issoufou a réuni le Conseil national de sécurité. "
                    "Issoufou a rendu hommage à l'armée nigérienne.", language="fr")
    assert set(entity(found, "Mahamadou Issoufou").aliases) == {"Mahamadou Issoufou", "Issoufou"}
    assert "armée nigérienne" in entity(found, "Military Forces of Niger").aliases


def test_a_rank_the_tagger_took_for_a_person_is_no_entity():
    found = analyse("Since 2020, when the military leader Col. Amadou Sidibe staged a coup, ties have soured.")
    assert [e.name for e in found.entities if e.type == "PERSON"] == ["Amadou Sidibe"]


def test_a_name_is_written_as_the_text_writes_it_not_as_a_dateline_shouts_it():
    found = analyse("GAO, March 3 — Traders in Gao closed their shops on Monday, the mayor of Gao said.")
    assert [(e.name, e.aliases) for e in found.entities] == [("Gao", ("GAO", "Gao"))]
