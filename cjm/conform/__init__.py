"""``cjm conform``: hold the planned journey (a map's flow) against what customers did (an
event log). Reading logs (:mod:`.readers`, :mod:`.timestamps`), naming touchpoints
(:mod:`.mapping`), the two engines (:mod:`.check`, :mod:`.columnar`) and the outputs
(:mod:`.present`); the definitions are in :mod:`cjm.facts.conformance`."""
