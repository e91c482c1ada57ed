import codecs

from segmenter.sources import InputKind, declared_charset, decode, html_page, text_page


def test_meta_charset_decides_over_detection() -> None:
    data = '<html><head><meta charset="windows-1252"></head><body>Café – “quoted”</body></html>'
    text, codec = decode(data.encode("cp1252"))
    assert codec == "cp1252"
    assert "Café – “quoted”" in text


def test_http_equiv_meta_and_shift_jis() -> None:
    html = '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><p>日本語の文章</p>'
    text, codec = decode(html.encode("shift_jis"))
    assert codec == "shift_jis"
    assert "日本語の文章" in text


def test_header_charset_wins_over_meta() -> None:
    data = '<meta charset="utf-8"><p>Ärger</p>'.encode("latin-1")
    text, _ = decode(data, charset="iso-8859-1")
    assert "Ärger" in text


def test_latin1_label_means_windows_1252_as_in_browsers() -> None:
    assert declared_charset(b'<meta charset="ISO-8859-1">') == "cp1252"


def test_bom_declares_utf16() -> None:
    data = codecs.BOM_UTF16_LE + "<p>hé</p>".encode("utf-16-le")
    assert decode(data) == ("<p>hé</p>", "utf-16-le")


def test_undeclared_bytes_are_detected_not_assumed_utf8() -> None:
    data = ("<p>" + "Ceci est un texte français, très élégant et déjà décodé. " * 20 + "</p>").encode("cp1252")
    text, codec = decode(data)
    assert "très élégant" in text
    assert codec != "utf-8"


def test_undeclared_cyrillic_and_japanese_are_detected() -> None:
    russian = ("<p>" + "Это обычный русский текст о погоде и новостях города. " * 20 + "</p>")
    japanese = ("<p>" + "これは日本語で書かれた普通の文章です。天気とニュース。" * 20 + "</p>")
    assert "русский текст" in decode(russian.encode("cp1251"))[0]
    assert "日本語で書かれた" in decode(japanese.encode("shift_jis"))[0]


def test_unknown_declared_charset_falls_back_to_detection() -> None:
    text, codec = decode('<meta charset="no-such-codec"><p>plain</p>'.encode())
    assert codec == "utf-8" and "plain" in text


def test_undecodable_bytes_are_replaced() -> None:
    text, _ = decode(b"<meta charset=utf-8><p>ok \xff\xfe bytes</p>")
    assert "ok \ufffd\ufffd bytes" in text


def test_pages_record_kind_and_codec() -> None:
    page = html_page(b"<p>x</p>", id="a", url="https://example.org/")
    assert (page.kind, page.id, page.charset) == (InputKind.HTML, "a", "utf-8")
    assert text_page("one\ntwo").kind is InputKind.TEXT


def test_valid_utf8_wins_over_a_stale_meta_charset() -> None:
    data = '<meta charset="gb2312"><p>我们的善良和恶毒都不够纯粹</p>'.encode("utf-8")
    text, codec = decode(data)
    assert codec == "utf-8" and "我们的善良" in text
