"""The spaCy pipeline (explorer/extract/pipeline.py): the chosen model is built once, however it is asked for."""

from __future__ import annotations

from explorer.extract import load_nlp, pipeline


def test_the_default_pipeline_is_the_chosen_models_pipeline(monkeypatch):
    """A worker asks for both; the model must be built once, not once per spelling."""
    built: list[str] = []
    monkeypatch.setattr(pipeline, "build_nlp", lambda model: built.append(model) or object())
    monkeypatch.setenv("EXPLORER_SPACY_MODEL", "stub_model_for_the_cache_test")
    assert load_nlp() is load_nlp(pipeline.choose_model())
    assert built == ["stub_model_for_the_cache_test"]
