from __future__ import annotations

import gzip

from crawlers.parsers import decode_html, read_saved_page

CP1252_PAGE = '<html><head><meta charset="windows-1252"></head><body><p>Café “crème” – 5 €</p></body></html>'


def test_meta_only_charset():
    assert "Café “crème” – 5 €" in decode_html(CP1252_PAGE.encode("cp1252"))


def test_meta_wins_when_header_charset_does_not_fit_the_bytes():
    text = decode_html(CP1252_PAGE.encode("cp1252"), "text/html; charset=utf-8")
    assert "Café “crème” – 5 €" in text and "\ufffd" not in text


def test_utf8_body_under_a_latin1_header_is_not_mojibake():
    page = '<meta charset="utf-8"><p>Grüße aus Köln</p>'.encode("utf-8")
    assert "Grüße aus Köln" in decode_html(page, "text/html; charset=ISO-8859-1")


def test_header_is_used_when_it_fits():
    page = "<p>Привет, мир</p>".encode("koi8-r")
    assert "Привет, мир" in decode_html(page, "text/html; charset=koi8-r")


def test_bom_beats_header():
    page = "\ufeff<p>naïve</p>".encode("utf-16-le")
    assert decode_html(page, "text/html; charset=iso-8859-1") == "<p>naïve</p>"


def test_undeclared_legacy_bytes_fall_back_to_windows_1252():
    assert decode_html(b"<p>na\xefve</p>") == "<p>naïve</p>"


def test_never_raises_on_junk():
    for body, header in [(b"", None), (b"\xff\xfe\xfa\x00\x81", "text/html; charset=bogus-charset"),
                         (b"<meta charset='utf-7'>+ADw-script+AD4-", None)]:
        assert isinstance(decode_html(body, header), str)


def test_read_saved_page_gunzips_by_magic_bytes(tmp_path):
    body = "<p>é</p>".encode("utf-8")
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(body))
    (tmp_path / "b.html").write_bytes(gzip.compress(body))  # misnamed but gzip
    (tmp_path / "c.html").write_bytes(body)
    assert {read_saved_page(tmp_path / n) for n in ("a.html.gz", "b.html", "c.html")} == {body}


def test_shift_jis_declared_only_in_meta():
    page = '<html><head><meta charset="Shift_JIS"></head><body><p>東京都は新しい計画を発表しました。</p></body></html>'
    assert "東京都は新しい計画を発表しました。" in decode_html(page.encode("shift_jis"))


def test_meta_wins_when_a_utf8_header_does_not_fit_cyrillic_bytes():
    page = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>Новый мост</p>'
    assert "Новый мост" in decode_html(page.encode("cp1251"), "text/html; charset=utf-8")


def test_a_gzip_bomb_is_refused_without_being_inflated(tmp_path):
    import gzip
    import time

    import pytest

    from crawlers.parsers import PageTooLarge

    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as out:
        chunk = b"<p>" + b"a" * 1_000_000
        for _ in range(200):  # 200 MB inflated, a few hundred KB on disk
            out.write(chunk)
    assert bomb.stat().st_size < 2_000_000
    started = time.monotonic()
    with pytest.raises(PageTooLarge, match="once decompressed"):
        read_saved_page(bomb)
    assert time.monotonic() - started < 5
    assert read_saved_page(bomb, limit=300_000_000).startswith(b"<p>aaa")  # a bigger cap reads it
