from dragoman.evaluate import prf, quad_macro_f1, score
from dragoman.records import Actor, Event


def ev(event_type, actor="Russia", modality=()):
    return Event(id="x", doc_id="d", event_type=event_type, mode=None, modality=modality, context=(),
                 actor=(Actor(actor, actor, "RUS", "GOV"),), recipient=(), date=None, date_text=None,
                 location=None, attribution=(), quote=None, text="t", start=0, end=1, confidence=0.5)


def test_counts_per_type_and_roles():
    gold = [
        {"text": "a", "events": [{"event_type": "ASSAULT", "actor": ["Russia"], "actor_code": ["RUS"],
                                  "recipient": [], "modality": []}]},
        {"text": "b", "events": []},
        {"text": "c", "events": [{"event_type": "AGREE", "actor": ["Turkey"], "modality": ["future"]}]},
    ]
    predicted = [[ev("ASSAULT")], [ev("PROTEST")], [ev("AGREE", "Greece")]]
    report = score(gold, predicted).report()
    assert report["per_type"]["ASSAULT"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert report["per_type"]["PROTEST"]["precision"] == 0.0
    assert report["micro"] == prf(2, 1, 0)
    assert report["actor_accuracy"] == 0.5 and report["actor_code_accuracy"] == 1.0
    assert report["modality_accuracy"] == 0.5


def test_quad_macro_f1():
    assert quad_macro_f1(["none", "verbal_coop"], ["none", "verbal_coop"]) == 1.0
    assert quad_macro_f1(["none"], ["material_conflict"]) == 0.0


def test_a_resolved_pronoun_matches_by_the_name_it_stands_for():
    gold = [{"text": "a", "events": [{"event_type": "ASSAULT", "actor": ["Mehdiyev"], "modality": []}]},
            {"text": "b", "events": [{"event_type": "ASSAULT", "actor": ["Mehdiyev"], "modality": []}]}]
    resolved = ev("ASSAULT")
    resolved = Event(**{**resolved.__dict__, "actor": (Actor("he", "Mehdiyev", "AZE", None),)})
    unresolved = Event(**{**resolved.__dict__, "actor": (Actor("he", "he", None, None),)})
    assert score(gold, [[resolved], [unresolved]]).report()["actor_accuracy"] == 0.5
