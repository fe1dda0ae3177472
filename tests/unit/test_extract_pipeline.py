"""The spaCy pipeline (explorer/extract/pipeline.py): the chosen model is built once, however it is asked for."""

from __future__ import annotations

import gc

from explorer.extract import load_nlp, pipeline


def test_the_default_pipeline_is_the_chosen_models_pipeline(monkeypatch):
    """A worker asks for both; the model must be built once, not once per spelling."""
    built: list[str] = []
    monkeypatch.setattr(pipeline, "build_nlp", lambda model: built.append(model) or object())
    monkeypatch.setenv("EXPLORER_SPACY_MODEL", "stub_model_for_the_cache_test")
    assert load_nlp() is load_nlp(pipeline.choose_model())
    assert built == ["stub_model_for_the_cache_test"]


def test_the_loaded_pipeline_is_set_apart_from_the_garbage_collector(monkeypatch):
    """Built objects live as long as the process: full collections must not scan them again and again."""
    built = object()
    holder = [built]  # a tracked container made while the pipeline loads
    monkeypatch.setattr(pipeline, "build_nlp", lambda model: holder)
    monkeypatch.setattr(pipeline, "load_tables", lambda: None)
    monkeypatch.setenv("EXPLORER_SPACY_MODEL", "stub_model_for_the_freeze_test")
    gc.unfreeze()
    try:
        assert load_nlp() is holder
        assert gc.get_freeze_count() > 0
        assert not any(o is holder for o in gc.get_objects())  # frozen objects are no longer tracked
    finally:
        gc.unfreeze()
