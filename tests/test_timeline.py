"""Figure timelines: one series per measure, in date order, with who reported each point."""

from sitrep.records import Document, Figure, Metadata
from sitrep.report.timeline import timelines


def figure(text, low, measure, date, subject="troops", by=None):
    return Figure(0, len(text), text, str(low), low, low, "people", None, measure, subject, by, date)


def doc(doc_id, outlet, published):
    return Document(id=doc_id, source=f"{doc_id}.txt", text="", raw=b"", raw_kind="text", encoding="utf-8",
                    meta=Metadata(outlet=outlet, published=published))


def test_the_same_measure_about_the_same_subject_lines_up_across_sources():
    figures = [("b:f0", "b", figure("About 2,000 Russian troops are in Mali, diplomats said.", 2000, "personnel", None,
                                    by="diplomats")),
               ("a:f0", "a", figure("Some 400 Russian troops arrived in Mali.", 400, "personnel", "2022-01")),
               ("a:f1", "a", figure("Russian troops in Mali killed 12 people.", 12, "fatalities", "2022-02")),
               ("c:f0", "c", figure("About 1,000 French troops left Niger.", 1000, "personnel", "2022-05"))]
    documents = {"a": doc("a", "Wire", "2022-02-01"), "b": doc("b", "Daily", "2022-06-01")}
    (personnel,) = timelines(figures, documents, "Russian personnel in Mali")
    assert personnel.measure == "personnel"
    assert [(p.date, p.value_low, p.outlet, p.attributed_to) for p in personnel.points] == [
        ("2022-01", 400, "Wire", None), ("2022-06-01", 2000, "Daily", "diplomats")]
