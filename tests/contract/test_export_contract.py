"""Export from every backend: the whole store as one edge per assertion, each with its document's title."""

from __future__ import annotations

from explorer.export import store_graph


def test_the_store_export_has_each_assertion_once_with_its_document_title(loaded):
    titles = {d.id: d.title for d in loaded.documents()}
    relations = [r for doc in titles for r in loaded.relations_in(doc)]

    edges = store_graph(loaded).edges(keys=True, data=True)

    assert sorted(key for _, _, key, _ in edges) == sorted(r.id for r in relations)
    assert all(data["doc_title"] == titles[data["doc"]] and data["doc_title"] for *_, data in edges)
