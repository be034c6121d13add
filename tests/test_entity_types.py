"""Entities as analysts search them: the gazetteer, the text's roles and speakers and the
document's own outlet type a name over the tagger's guess; a short form of a person's name is
that person, so quotes are filed under the full name."""

from sitrep.language.in_context import typed_as_doers, typed_as_outlet, typed_as_people, typed_by_places, unplaced_names
from sitrep.records import Entity, Mention, PlaceMention
from tests.language_helpers import analyse


def _placed(start: int, end: int, text: str, kind: str) -> PlaceMention:
    return PlaceMention(start, end, text, "test", geonames_id=1, name=text, kind=kind, country="ML")


def test_a_town_or_a_district_the_gazetteer_resolved_is_a_gpe_whatever_the_tagger_said():
    entities = [Entity("name:kora", "Kora", "LOC"), Entity("name:tilemsi", "Tilemsi", "PERSON"),
                Entity("name:liptako", "Liptako", "LOC")]
    mentions = [Mention(0, 4, "Kora", "LOC", "name:kora"), Mention(10, 17, "Tilemsi", "PERSON", "name:tilemsi"),
                Mention(20, 27, "Liptako", "LOC", "name:liptako")]
    places = [_placed(0, 4, "Kora", "populated_place"), _placed(10, 17, "Tilemsi", "admin2"),
              _placed(20, 27, "Liptako", "region")]
    assert [e.type for e in typed_by_places(entities, mentions, places)] == ["GPE", "GPE", "LOC"]


def test_a_name_placed_in_fewer_than_half_of_its_mentions_keeps_the_taggers_type():
    entities = [Entity("name:kora", "Kora", "PERSON")]
    mentions = [Mention(0, 4, "Kora", "PERSON", "name:kora"), Mention(10, 14, "Kora", "PERSON", "name:kora")]
    assert typed_by_places(entities, mentions, [_placed(0, 4, "Kora", "populated_place")])[0].type == "PERSON"


def test_an_unplaced_name_the_tagger_called_a_place_is_a_person_when_it_speaks_or_holds_a_role():
    entities = [Entity("name:awa sy-berg", "Awa Sy-Berg", "LOC"), Entity("name:kora", "Kora", "LOC"),
                Entity("name:upper kora", "Upper Kora", "LOC")]
    mentions = [Mention(0, 11, "Awa Sy-Berg", "LOC", "name:awa sy-berg"), Mention(20, 24, "Kora", "LOC", "name:kora"),
                Mention(30, 40, "Upper Kora", "LOC", "name:upper kora")]
    unplaced = unplaced_names(mentions, [_placed(30, 40, "Upper Kora", "admin2")])
    assert [m.text for m in unplaced] == ["Awa Sy-Berg"]
    speakers = ["name:awa sy-berg", "name:kora", "name:upper kora"]
    assert [e.type for e in typed_as_people(entities, speakers, unplaced)] == ["PERSON", "LOC", "LOC"]


def test_an_unplaced_name_the_tagger_called_a_place_that_does_violence_is_an_organisation():
    entities = [Entity("name:ndoki", "Ndoki", "LOC"), Entity("name:kora", "Kora", "LOC"),
                Entity("name:tilemsi", "Tilemsi", "GPE")]
    mentions = [Mention(0, 5, "Ndoki", "LOC", "name:ndoki"), Mention(20, 24, "Kora", "LOC", "name:kora"),
                Mention(30, 37, "Tilemsi", "GPE", "name:tilemsi")]
    doers = ["Ndoki", "Kora"]  # Kora, placed by the gazetteer, stays a place; Tilemsi does nothing
    typed = typed_as_doers(entities, doers, mentions, [_placed(20, 24, "Kora", "populated_place")])
    assert [e.type for e in typed] == ["ORG", "LOC", "GPE"]


def test_the_documents_own_outlet_named_in_its_text_is_an_organisation():
    entities = [Entity("name:the evening lantern", "Evening Lantern", "PERSON", aliases=("Evening Lantern",)),
                Entity("name:kora", "Kora", "GPE")]
    assert [e.type for e in typed_as_outlet(entities, "evening lantern")] == ["ORG", "GPE"]
    assert [e.type for e in typed_as_outlet(entities, None)] == ["PERSON", "GPE"]


def test_the_outlet_named_in_an_analysed_article_is_an_organisation():
    text = "A man told Kayes Ledger by telephone that the group had killed dozens."
    assert next(e for e in analyse(text).entities if e.name == "Kayes Ledger").type == "PERSON"  # the tagger's guess
    assert next(e for e in analyse(text, outlet="Kayes Ledger").entities if e.name == "Kayes Ledger").type == "ORG"


def test_a_hyphenated_surname_is_part_of_the_name_and_its_short_forms_are_the_person():
    found = analyse('Oumar Ag Hamed-Lindqvist, a researcher at the Kidal Policy Centre, said he had counted '
                    'nine flights.\n\n"Nine is only the beginning," Ag Hamed-Lindqvist said. '
                    '"There will be more," Hamed-Lindqvist added.')
    person = next(e for e in found.entities if e.name == "Oumar Ag Hamed-Lindqvist")
    assert person.type == "PERSON"
    assert {q.speaker_key for q in found.quotes if q.direct} == {person.key}


def test_a_name_never_holds_a_line_break():
    found = analyse("Fighting was reported near the town, according to Mariam\nKouyaté, a local official.")
    assert all("\n" not in name for e in found.entities for name in (e.name, *e.aliases))
