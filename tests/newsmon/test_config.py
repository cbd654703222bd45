"""sources.yaml: models, line-numbered errors, and `newsmon sources check` as a user runs it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from newsmon.core.sources import ConfigError, load_sources


def _write(tmp_path, text):
    path = tmp_path / "sources.yaml"
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def test_names_and_urls_alone_are_enough(tmp_path):
    cfg = load_sources(_write(tmp_path, """
        sources:
          - name: daily-planet
            url: https://www.example.com/
          - name: metro2
            url: http://metro.example.org/
    """))
    assert [s.name for s in cfg.sources] == ["daily-planet", "metro2"]
    assert cfg.crawl.obey_robots and cfg.crawl.concurrency_per_host == 2
    assert cfg.crawl.download_delay == 1.0 and cfg.crawl.max_page_bytes == 10_000_000
    assert cfg.dedupe.window_days == 30


def test_full_file_is_read(tmp_path):
    cfg = load_sources(_write(tmp_path, """
        sources:
          - name: a
            url: https://a.example/
            feeds: [https://a.example/rss.xml]
            sitemaps: [https://a.example/news.xml]
            max_pages: 20
        crawl:
          user_agent: "test-agent"
          obey_robots: true
          concurrency_per_host: 4
          download_delay: 0
          max_pages_per_source: 100
          max_page_bytes: 2000000
        dedupe:
          threshold: 0.6
          window_days: 7
    """))
    assert cfg.sources[0].feeds == ("https://a.example/rss.xml",)
    assert cfg.crawl.download_delay == 0 and cfg.dedupe.threshold == 0.6


def test_every_problem_names_file_line_and_field(tmp_path):
    path = _write(tmp_path, """
        sources:
          - name: a
            url: http://x.example/
            colour: red
          - name: a
            url: ftp://x.example
            max_pages: lots
          - url: http://y.example/
          - name: Bad_Name
            url: http://z.example/
        crawl:
          download_delay: -1
    """)
    with pytest.raises(ConfigError) as info:
        load_sources(path)
    assert info.value.problems == [
        f"{path}:4: sources[0].colour: unknown key (known keys: name, url, feeds, sitemaps, "
        "max_pages)",
        f"{path}:5: sources[1].name: duplicate name 'a' (first used on line 2)",
        f"{path}:6: sources[1].url: must be an http(s) URL",
        f"{path}:7: sources[1].max_pages: must be a whole number",
        f"{path}:8: sources[2].name: required",
        f"{path}:9: sources[3].name: must be lowercase letters, digits and '-', starting with "
        "a letter or digit (e.g. daily-planet)",
        f"{path}:12: crawl.download_delay: must be at least 0",
    ]


@pytest.mark.parametrize("text, expected", [
    ("sources: [\n", ":2: "),
    ("sources:\n  - name: a\n    name: b\n    url: http://x/\n", ":3: duplicate key 'name'"),
    ("- just a list\n", ":1: the file must be a mapping"),
    ("sources: []\n", ":1: sources: needs at least one source"),
    ("", ":1: the file must be a mapping"),
])
def test_malformed_files(tmp_path, text, expected):
    path = tmp_path / "sources.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_sources(path)
    assert expected in str(info.value) or expected.replace("List", "Tuple") in str(info.value)


# What the crawler needs of a URL, refused here rather than failing the crawl.
@pytest.mark.parametrize("url, problem", [
    ("http://127.0.0.1:99999/", "port must be a number from 1 to 65535"),
    ("http://127.0.0.1:0/", "port must be a number from 1 to 65535"),
    ("http://example.com:http/", "port must be a number from 1 to 65535"),
    ('"http://exa mple.com/"', "must not contain spaces or control characters"),
    ('"http://example.com/a\\tb"', "must not contain spaces or control characters"),
    ("http://user:pass@example.com/", "must not hold a user name or password"),
    ("http://user@example.com/", "must not hold a user name or password"),
    ("http://exa_mple..com/", "'exa_mple..com' is not a valid host name or IP address"),
    ("http://-bad-.example/", "'-bad-.example' is not a valid host name or IP address"),
    ("http://999.1.1.1/", "'999.1.1.1' is not a valid host name or IP address"),
    ('"http://[::1/"', "must be an http(s) URL"),
])
def test_urls_the_crawler_cannot_request_are_refused(tmp_path, url, problem):
    path = _write(tmp_path, f"""
        sources:
          - name: a
            url: https://a.example/
            feeds: [{url}]
          - name: b
            url: {url}
    """)
    with pytest.raises(ConfigError) as info:
        load_sources(path)
    assert info.value.problems == [f"{path}:4: sources[0].feeds[0]: {problem}",
                                   f"{path}:6: sources[1].url: {problem}"]


def _cli(*args, env=None, cwd=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "newsmon", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=timeout)


def test_sources_check_exits_2_with_one_line_per_problem(tmp_path):
    path = _write(tmp_path, """
        sources:
          - name: a
            url: notaurl
    """)
    result = _cli("sources", "check", "--config", str(path))
    assert result.returncode == 2
    assert result.stderr.strip() == f"{path}:3: sources[0].url: must be an http(s) URL"
    assert "Traceback" not in result.stderr


def test_sources_check_names_each_url_the_crawler_would_fail_on(tmp_path):
    path = _write(tmp_path, """
        sources:
          - name: bad-port
            url: http://127.0.0.1:99999/
          - name: spaced
            url: http://exa mple.com/
          - name: secret
            url: http://user:pass@example.com/
          - name: good
            url: http://example.com/
            feeds: [http://127.0.0.1:8080/rss, "https://[::1]:8443/news/", http://localhost/]
            sitemaps: [https://www.bücher.de/, "https://a.example.co.uk./?q=a%20b", http://my_host.x/]
    """)
    result = _cli("sources", "check", "--config", str(path))
    assert result.returncode == 2, result.stdout
    assert result.stderr.splitlines() == [
        f"{path}:3: sources[0].url: port must be a number from 1 to 65535",
        f"{path}:5: sources[1].url: must not contain spaces or control characters",
        f"{path}:7: sources[2].url: must not hold a user name or password",
    ]


def _laughs(levels: int = 9, indent: str = "") -> str:
    """A "billion laughs": 9 nested lists of 9 aliases, 9**9 strings once expanded."""
    lines = [f'{indent}a: &a ["x","x","x","x","x","x","x","x","x"]']
    names = "abcdefghijklmnopqrstuvwxyz"[:levels]
    lines += [f"{indent}{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]"
              for prev, cur in zip(names, names[1:])]
    return "\n".join(lines) + "\n"


_KNOWN = "unknown key (known keys: sources, crawl, dedupe)"
_SOURCE = "sources:\n  - name: a\n    url: http://a.example/\n"


@pytest.mark.parametrize("text, expected", [
    # The bomb alone: each of its keys is unknown, and the sources are missing.
    (_laughs(), [":1: sources: required"] + [f":{n}: {k}: {_KNOWN}"
                                             for n, k in enumerate("abcdefghi", start=1)]),
    # Beside good sources, under one key: one line.
    (_SOURCE + "lol:\n" + _laughs(indent="  "), [f":4: lol: {_KNOWN}"]),
    # Its last level as the feeds of a source: each item is a list, not a URL (said at the
    # line of the alias).
    ("x:\n" + _laughs(indent="  ") + _SOURCE + "    feeds: *i\n",
     [f":1: x: {_KNOWN}"] + [f":14: sources[0].feeds[{n}]: must be text" for n in range(9)]),
    # An alias inside its own anchor: a list that contains itself.
    ("sources: &s [*s]\n", [":1: sources[0]: must be a source with `name:` and `url:`"]),
    # The bomb as a key: refused, never spelled out (said where the list is written).
    (_SOURCE + "x:\n" + _laughs(indent="  ") + "? *i\n: 1\n",
     [":13: a key must be a name, not a list or a mapping"]),
], ids=["bomb", "bomb-under-one-key", "bomb-as-feeds", "self-alias", "bomb-as-key"])
def test_nested_aliases_are_read_once_each(tmp_path, text, expected):
    path = tmp_path / "sources.yaml"
    path.write_text(text)
    assert len(_laughs()) < 350
    # A walk that expands every alias takes minutes and gigabytes; yaml itself takes 0.05 s.
    result = _cli("sources", "check", "--config", str(path), timeout=20)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == len(expected), lines
    for line, want in zip(lines, expected):
        assert line.startswith(f"{path}{want}"), (line, want)


def test_sources_check_accepts_a_good_file(tmp_path):
    path = _write(tmp_path, "sources:\n  - name: a\n    url: http://a.example/\n")
    result = _cli("sources", "check", "--config", str(path))
    assert result.returncode == 0, result.stderr
    assert "ok, 1 sources" in result.stdout


def test_missing_config_defaults_to_env_then_cwd(tmp_path):
    import os
    env = {**os.environ, "NEWSMON_CONFIG": str(tmp_path / "nope.yaml")}
    result = _cli("sources", "check", env=env)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{tmp_path / 'nope.yaml'}: file not found " \
                                    "(give --config or set NEWSMON_CONFIG)"
    env.pop("NEWSMON_CONFIG")
    result = _cli("sources", "check", env=env, cwd=tmp_path)
    assert "sources.yaml: file not found" in result.stderr and result.returncode == 2


def test_other_commands_report_a_bad_config_the_same_way(tmp_path):
    path = _write(tmp_path, "sources:\n  - name: a\n    url: http://a.example/\n    bogus: 1\n")
    store = f"sqlite:///{tmp_path / 'db' / 'n.db'}"
    for command in ("crawl", "dedupe", "run"):
        result = _cli(command, "--config", str(path), "--store", store)
        assert result.returncode == 2, (command, result.stderr)
        assert result.stderr.strip() == f"{path}:4: sources[0].bogus: unknown key (known " \
            "keys: name, url, feeds, sitemaps, max_pages)", command


def test_problems_are_said_in_the_users_words(tmp_path):
    path = _write(tmp_path, """
        sources:
          - name: a
            url: https://a.example/
            feeds: https://a.example/rss.xml
          - https://b.example/
        crawl:
          obey_robot: false
          concurrency_per_host: many
        dedupe:
          treshold: 0.3
    """)
    with pytest.raises(ConfigError) as info:
        load_sources(path)
    assert info.value.problems == [
        f"{path}:4: sources[0].feeds: must be a list of URLs, e.g. "
        "[https://www.example.com/rss.xml]",
        f"{path}:5: sources[1]: must be a source with `name:` and `url:` (a bare URL is not "
        "enough; `newsmon init URL...` writes them for you)",
        f"{path}:7: crawl.obey_robot: unknown key; did you mean obey_robots?",
        f"{path}:8: crawl.concurrency_per_host: must be a whole number",
        f"{path}:10: dedupe.treshold: unknown key; did you mean threshold?",
    ]


def test_init_writes_a_starter_file_and_never_overwrites_one(tmp_path):
    made = _cli("init", "www.example.com", "https://news.example.org/world/",
                "https://example.com/", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    cfg = load_sources(tmp_path / "sources.yaml")
    assert [(s.name, s.url) for s in cfg.sources] == [
        ("example", "https://www.example.com/"), ("news-example", "https://news.example.org/world/"),
        ("example-2", "https://example.com/")]
    assert "newsmon sources check" in made.stdout and "newsmon schedule" in made.stdout
    checked = _cli("sources", "check", cwd=tmp_path)
    assert checked.returncode == 0 and "ok, 3 sources" in checked.stdout
    before = (tmp_path / "sources.yaml").read_text()
    again = _cli("init", "https://other.example/", cwd=tmp_path)
    assert again.returncode == 2 and again.stderr.strip() == (
        "newsmon: sources.yaml exists; edit it, or give another --config to write a new one")
    assert (tmp_path / "sources.yaml").read_text() == before
    bad = _cli("init", "ftp://x.example/", "--config", str(tmp_path / "b.yaml"))
    assert bad.returncode == 2 and "'ftp://x.example/' is not a homepage URL" in bad.stderr
    assert not (tmp_path / "b.yaml").exists()


def test_version():
    from newsmon.core.version import __version__

    result = _cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"newsmon {__version__}"
