"""What curation is made of: the rows it reads and rewrites (rows.py) and one type per kind of action
(actions.py). The verbs that curate a store, undo and share the log are in explorer/curate.py.

A new kind of action is one dataclass in actions.py (its fields are its stored payload; it says what it
does to rows, how it reads and which stored rows it concerns), registered in `ACTIONS`, and a verb in
curate.py that builds it.
"""
