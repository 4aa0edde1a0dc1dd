from dragoman import ontology


def test_sixteen_types_with_modes_and_quad_classes():
    assert len(ontology.EVENT_TYPES) == 16
    for table in (ontology.MODES, ontology.QUAD_CLASS, ontology.CAMEO_ROOT):
        assert set(table) == set(ontology.EVENT_TYPES)


def test_trigger_lexicon_uses_only_known_types_and_modes():
    from dragoman.stages.lexicon import Lexicon

    lexicon = Lexicon.load()
    for senses in [*lexicon.verbs.values(), *lexicon.nouns.values()]:
        for sense in senses:
            assert ontology.is_event_type(sense.type)
            assert ontology.is_mode(sense.type, sense.mode), (sense.type, sense.mode)


def test_context_lexicon_uses_plover_contexts():
    from dragoman.stages.lexicon import Lexicon

    assert set(Lexicon.load().contexts.values()) <= set(ontology.CONTEXTS)
