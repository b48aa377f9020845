"""``cjm serve``: a local preview that shows the board (or the site) while a map is being written.

What ``cjm render`` would publish is rendered in memory (:mod:`cjm.serve.preview`), never into
the user's folder, and served by the standard library's threaded HTTP server
(:mod:`cjm.serve.server`); ``watchfiles`` reports saves, the one changed map is checked and
rendered again, and open pages reload through a server-sent event. A map that breaks keeps its
last good board, under an overlay listing its problems as ``cjm validate`` reports them.
"""
