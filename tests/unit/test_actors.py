"""Mentions -> canonical name, code and sector, inside real documents."""

import pytest

from dragoman.knowledge import normalise

from conftest import SAMPLE

SAMPLE_TEXT = None


def resolve(pipeline, text: str, mention: str, published: str = "2020-01-14", nth: int = 0):
    """Resolve the nth occurrence of ``mention`` in ``text`` the way the coder does."""
    nlp, resolver = pipeline._models["nlp"], pipeline._models["resolver"]
    doc = nlp(text)
    state = resolver.start_document(text, published, None)
    resolver.note_document(doc, state)
    start = -1
    for _ in range(nth + 1):
        start = text.index(mention, start + 1)
    end = start + len(mention)
    found = None
    for token in doc:  # resolve every earlier noun so that the document memory fills as it would
        if token.idx >= end:
            break
        if token.pos_ in ("PROPN", "NOUN", "PRON") and token.dep_ not in ("compound", "poss", "amod"):
            actor = resolver.resolve_head(token, state)
            if start <= token.idx < end:
                found = actor
    return found


SAMPLE_CASES = [
    ("Libya's General Khalifa Haftar", 0, "Khalifa Haftar", "LBY", "MIL"),
    ("Gen Haftar", 2, "Khalifa Haftar", "LBY", "MIL"),
    ("Government of National Accord", 0, "Government of National Accord", "LBY", "GOV"),
    ("GNA head Fayez al-Sarraj", 0, "Fayez al-Sarraj", "LBY", "GOV"),
    ("Recep Tayyip Erdogan", 0, "Recep Tayyip Erdogan", "TUR", "GOV"),
    ("Turkish Foreign Minister Mevlut Cavusoglu", 0, "Mevlut Cavusoglu", "TUR", "GOV"),
    ("German Chancellor Angela Merkel", 0, "Angela Merkel", "DEU", "GOV"),
    ("Berlin", 0, "Germany", "DEU", "GOV"),
    ("TASS", 0, "TASS", "RUS", "JRN"),
    ("Russia", 0, "Russia", "RUS", "GOV"),
]


@pytest.mark.parametrize("mention, nth, name, code, sector", SAMPLE_CASES)
def test_sample_page_actors(pipeline, mention, nth, name, code, sector):
    from dragoman.api import extract

    text = extract(SAMPLE.read_text(encoding="utf-8")).text
    actor = resolve(pipeline, text, mention, nth=nth)
    assert actor is not None, mention
    assert (normalise(actor.name), actor.code, actor.sector) == (normalise(name), code, sector)


CASES = [
    # text, mention, expected name (or None to skip), code, sector
    ("Russia's Foreign Ministry said the talks had ended.", "Foreign Ministry", None, "RUS", "GOV"),
    ("The Kremlin rejected the proposal on Monday.", "Kremlin", "Russia", "RUS", "GOV"),
    ("Downing Street said it would not comment.", "Downing Street", "United Kingdom", "GBR", "GOV"),
    ("Police in Lagos arrested 40 protesters after the march in Nigeria.", "Police", None, "NGA", "COP"),
    ("Houthi rebels fired missiles at Saudi Arabia.", "rebels", None, "YEM", "REB"),
    ("The Taliban seized Kabul in August.", "Taliban", "Taliban", "AFG", None),
    ("Hamas fired rockets at Israel.", "Hamas", "Hamas", "PSE", None),
    ("Isis claimed the attack in Iraq.", "Isis", "Islamic State", "IMG", None),
    ("The African Union suspended Mali.", "African Union", "African Union", "IGO", "IGO"),
    ("Xinhua reported that China had protested.", "Xinhua", "Xinhua", "CHN", "JRN"),
    ("Angela Merkel met Emmanuel Macron. She said the talks went well.", "She", "Angela Merkel", "DEU", "GOV"),
    ("The Islamic Revolutionary Guard Corps (IRGC) seized a tanker. The IRGC said the crew was safe.",
     "IRGC", None, "IRN", None),
    ("Ukrainian troops shelled the town.", "troops", None, "UKR", "MIL"),
    ("G7 foreign ministers condemned the attack.", "G7 foreign ministers", "Group of Seven", "IGO", "IGO"),
    ("ASEAN leaders met in Manila.", "ASEAN leaders", "Association of Southeast Asian Nations", "IGO", "IGO"),
    ("The U.N. Security Council voted on Friday.", "U.N. Security Council", "United Nations Security Council", "UNO",
     "IGO"),
    ("The Organization of African Unity urged calm.", "Organization of African Unity", "Organisation of African Unity",
     "IGO", "IGO"),
    ("ECOMOG entered Freetown.", "ECOMOG", "ECOWAS Monitoring Group", "IGO", "MIL"),
    ("Pakistan Rangers arrested five suspects in Karachi.", "Pakistan Rangers", "Pakistan Rangers", "PAK", "COP"),
    ("The Frontier Corps killed three militants in Balochistan.", "Frontier Corps", "Frontier Corps", "PAK", "COP"),
    ("The GSU dispersed protesters in Nairobi.", "GSU", "General Service Unit", "KEN", "COP"),
    ("Delhi Police arrested the suspect.", "Delhi Police", "Delhi Police", "IND", "COP"),
    ("The Hashed said it would fight.", "Hashed", "Popular Mobilization Forces", "IRQ", "MIL"),
    ("Police personnel were deployed across India on Monday.", "personnel", None, "IND", "COP"),
    ("Lathi-wielding police chased the protesters in Patna, India.", "police", None, "IND", "COP"),
    ("The crime branch arrested two men in Mumbai, India.", "crime branch", None, "IND", "COP"),
]


@pytest.mark.parametrize("text, mention, name, code, sector", CASES)
def test_actor_resolution(pipeline, text, mention, name, code, sector):
    nth = 1 if mention == "IRGC" else 0
    actor = resolve(pipeline, text, mention, nth=nth)
    assert actor is not None, mention
    if name:
        assert normalise(actor.name) == normalise(name)
    assert actor.code == code
    if sector:
        assert actor.sector == sector


DATED_CASES = [
    # text, mention, article date, code and sector as of that date (former countries and names: former.yaml,
    # periods; groups with dated roles)
    ("Zaire accused Rwanda of arming the rebels.", "Zaire", "1996-11-02", "ZAR", "GOV"),
    ("Zaire accused Rwanda of arming the rebels.", "Zaire", "2000-03-01", "COD", "GOV"),
    ("Kinshasa rejected the offer from the rebels.", "Kinshasa", "1997-02-10", "ZAR", "GOV"),
    ("The Soviet Union sent troops to Afghanistan.", "Soviet Union", "1985-06-01", "SUN", "GOV"),
    ("The Soviets rejected the proposal.", "Soviets", "1985-06-01", "SUN", "GOV"),
    ("Yugoslavia protested to Albania over the border incident.", "Yugoslavia", "1997-03-15", "YUG", "GOV"),
    ("East Germany expelled two diplomats.", "East Germany", "1985-06-01", "DDR", "GOV"),
    ("Zairean troops fled Kisangani.", "troops", "1997-03-10", "ZAR", "MIL"),
    ("The AFDL captured Kisangani.", "AFDL", "1997-03-15", "ZAR", "REB"),
    ("The AFDL captured Kisangani.", "AFDL", "1998-03-15", "COD", "GOV"),
    ("The SPLA attacked Juba.", "SPLA", "1997-03-15", "SDN", "REB"),
    ("The SPLA attacked Juba.", "SPLA", "2013-12-20", "SSD", "MIL"),
]


@pytest.mark.parametrize("text, mention, published, code, sector", DATED_CASES)
def test_codes_follow_the_article_date(pipeline, text, mention, published, code, sector):
    actor = resolve(pipeline, text, mention, published=published)
    assert actor is not None, mention
    assert (actor.code, actor.sector) == (code, sector)


def test_roles_follow_the_article_date(pipeline):
    text = "Foreign Minister Sergei Lavrov met his Turkish counterpart."
    actor = resolve(pipeline, text, "Sergei Lavrov", published="2019-05-01")
    assert (actor.code, actor.sector) == ("RUS", "GOV")


def test_unknown_people_are_kept_without_an_id(pipeline):
    actor = resolve(pipeline, "Rebel commander Abu Zaid Khaldouni was killed in Idlib.", "Abu Zaid Khaldouni")
    assert actor is not None and actor.id is None and "Khaldouni" in actor.name
