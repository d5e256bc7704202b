"""Text from a file never becomes a link: plain() output rendered by Streamlit's own Markdown in Chromium.

AppTest only records the Markdown string; whether the front end turns a bare
address into a link is decided in the browser (remark-gfm's autolink-literal
transform runs on text after escapes are decoded). So a tiny page renders
hostile strings through ``plain()`` and the test counts the ``<a>`` elements.
Two controls keep the test honest: a real Markdown link must appear as ``<a>``,
and the same strings escaped with backslashes only (the old ``plain``) must
produce links, which is the failure this guards against.
"""

from __future__ import annotations

import textwrap

import pytest

from .conftest import APP_TIMEOUT_MS, IDLE, free_port, start_streamlit, stop, wait_for_health, Server

pytestmark = pytest.mark.browser

HOSTILE = [
    "see https://evil.example/x?y=1 now",
    "www.evil.example",
    "(http://evil.example)",
    "WWW.EVIL.EXAMPLE/path",
    "write to someone@evil.example",
    "http&#58;//evil.example",
    "<https://evil.example>",
    "[click](https://evil.example)",
    "![img](https://evil.example/i.png)",
    "a`b https://evil.example/`x`",
]

PAGE = """
import re
import streamlit as st
from kcost.present.formats import plain

HOSTILE = {hostile!r}
with st.container(key="escaped"):
    for text in HOSTILE:
        st.markdown(plain(text))
        st.caption(plain(text))
with st.container(key="control"):
    st.markdown("[a real link](https://example.org/)")
with st.container(key="backslashes"):
    for text in HOSTILE[:5]:
        st.markdown("".join("\\\\" + c if c in "\\\\`*_{{}}[]()<>#+-.!|~$:" else c for c in text))
st.write("done")
"""


@pytest.fixture
def link_page(chromium_path, tmp_path):
    script = tmp_path / "links_page.py"
    script.write_text(textwrap.dedent(PAGE.format(hostile=HOSTILE)), encoding="utf-8")
    port = free_port()
    log = tmp_path / "streamlit.log"
    proc = start_streamlit(script, port, log, cwd=tmp_path)
    try:
        server = Server(port, log)
        wait_for_health(server.url, proc, log)
        yield server
    finally:
        stop(proc)


def test_plain_text_never_becomes_a_link_in_chromium(link_page, new_page):
    page = new_page()
    page.goto(link_page.url, wait_until="domcontentloaded")
    page.get_by_text("done").wait_for(timeout=APP_TIMEOUT_MS)
    page.locator(IDLE).wait_for(state="attached", timeout=APP_TIMEOUT_MS)

    escaped = page.locator(".st-key-escaped")
    assert escaped.locator("a").count() == 0, escaped.inner_html()
    # Every character of each address is still shown.
    shown = escaped.inner_text()
    for text in ("https://evil.example/x?y=1", "www.evil.example", "someone@evil.example", "http&#58;//evil.example"):
        assert text in shown
    # Controls: a real link renders as <a> on this page, and backslash escapes alone let addresses through.
    assert page.locator(".st-key-control a").count() == 1
    assert page.locator(".st-key-backslashes a").count() >= 4
