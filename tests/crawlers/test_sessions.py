"""Session ids learned from the site: any name, any length, query or path; never a parameter
that changes the page (pagination past its end looks the same twice, but not without it)."""

from __future__ import annotations

import pytest

from crawlers.sessions import SessionLearner, SessionRules, Slot, slots, without


def _learn(first: str, second: str, bare_fingerprint: str = "same"):
    learner = SessionLearner(SessionRules())
    assert learner.observe(first, "same") is None
    probe = learner.observe(second, "same")
    assert probe is not None
    return learner, probe, learner.settle(probe, bare_fingerprint)


@pytest.mark.parametrize("first, second, rule, bare", [
    ("http://f/forum/index.php?sid=0f9ceeeaa37c", "http://f/forum/index.php?sid=62b1a2dc0e4f",
     "query:sid", "http://f/forum/index.php"),
    ("http://p/index.cfm?fuseaction=home&visit=104729", "http://p/index.cfm?fuseaction=home&visit=208351",
     "query:visit", "http://p/index.cfm?fuseaction=home"),
    ("http://m/(S(lit3py55t21z5v55vlm25s55))/section/city/default.aspx",
     "http://m/(S(x0x0x0x0a1b2c3d4e5f6g7h8))/section/city/default.aspx",
     "path:1:(S(*))", "http://m/section/city/default.aspx"),
])
def test_a_part_that_changes_without_changing_the_page_is_learned(first, second, rule, bare):
    learner, probe, learned = _learn(first, second)
    assert probe.slot == Slot(rule) and probe.url == bare and learned
    assert learner.rules.apply(second) == bare


def test_pagination_past_its_end_is_not_taken_for_a_session():
    learner, probe, learned = _learn("http://s/news?page=9", "http://s/news?page=10",
                                     bare_fingerprint="the first page, with stories")
    assert probe.url == "http://s/news" and not learned
    assert learner.rules.apply("http://s/news?page=11") == "http://s/news?page=11"
    # Rejected for the rest of the run: no more probes for it.
    assert learner.observe("http://s/news?page=12", "same") is None


def test_different_pages_propose_nothing_and_probes_are_bounded():
    learner = SessionLearner(SessionRules(), max_probes=1)
    assert learner.observe("http://s/a.php?id=1", "one") is None
    assert learner.observe("http://s/a.php?id=2", "two") is None
    assert learner.observe("http://s/b.php?x=1", "b") is None
    assert learner.observe("http://s/b.php?x=2", "b") is not None
    assert learner.observe("http://s/c.php?y=1", "c") is None
    assert learner.observe("http://s/c.php?y=2", "c") is None  # out of probes


def test_a_failed_probe_teaches_nothing():
    learner = SessionLearner(SessionRules())
    learner.observe("http://s/x?tok=a1", "f")
    probe = learner.observe("http://s/x?tok=b2", "f")
    assert not learner.settle(probe, None) and learner.rules.learned == []


def test_slots_and_without():
    found = {slot.rule for slot, _, _ in slots("http://h/a/20240501/b?id=3&s=x")}
    assert found == {"query:id", "query:s", "path:2:*"}
    assert without("http://h/a/b?id=3&S=x", Slot("query:s")) == "http://h/a/b?id=3"
    assert without("http://h/a/b?id=3", Slot("query:s")) == "http://h/a/b?id=3"
    assert without("http://h/a/world-news/b", Slot("path:2:*")) == "http://h/a/world-news/b"


def test_well_known_session_names_are_stripped_without_learning():
    rules = SessionRules()
    assert rules.apply("http://h/a;jsessionid=9F2A?id=4&PHPSESSID=77ab") == "http://h/a?id=4"
