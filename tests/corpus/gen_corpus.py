#!/usr/bin/env python3
"""The hostile-input corpus (issue 8): one file per case, one message each.

    gen_corpus.py --small DIR   write the cases of up to 8 KB (committed in
                                cases/)
    gen_corpus.py --big DIR     write the rest (10 MB bodies, 100,000-token
                                sentences, bombs, long runs of punctuation);
                                generated at test time
    gen_corpus.py --check DIR   exit 1 when DIR's small cases differ from
                                what this script writes

expected.tsv next to this script says what each case must give: a valid
enriched record (`ok`) or a precise error class. Everything here is
deterministic (gzip mtime 0, no randomness).
"""
import gzip
import json
import os
import sys
import zlib

DE = ("Die Bundesregierung in Berlin hat am Mittwoch neue Hilfen beschlossen. "
      "Finanzminister Christian Lindner sagte, das Paket sei solide finanziert. ")
EN = ("The European Commission in Brussels proposed new rules on Tuesday. "
      "\"This is a first step,\" said commissioner Margrethe Vestager. ")


def js(obj):
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


def art(body, **kw):
    d = {"id": kw.pop("id", None)}
    d.update(kw)
    d["body"] = body
    return js({k: v for k, v in d.items() if v is not None or k != "id"})


def gz(data):
    return gzip.compress(data, mtime=0)


def small_cases():
    c = {}
    good = art(DE, id="good-de", title="Hilfen beschlossen", language="de")
    # ---- encoding -------------------------------------------------------
    c["utf8_truncated_json"] = b'{"body": "Text endet mitten im Zeichen \xe2\x82"}'
    c["utf8_truncated_text"] = b"Text endet mitten im Zeichen \xe2\x82"
    c["utf8_bad_continuation"] = b"Gr\xc3\x28e aus K\xc3\xb6ln"
    c["utf8_stray_ff_fe"] = b"Hallo \xff\xfe Welt"
    c["utf8_lone_continuation"] = b"Hallo \x80\xbf Welt"
    c["utf8_overlong_2"] = b"Pfad \xc0\xaf etc"
    c["utf8_overlong_3"] = b"Pfad \xe0\x80\xaf etc"
    c["utf8_overlong_4"] = b"Pfad \xf0\x80\x80\xaf etc"
    c["utf8_overlong_nul"] = b"Modified UTF-8 NUL \xc0\x80 here"
    c["utf8_above_10ffff"] = b"Zu gross \xf4\x90\x80\x80"
    c["utf8_five_bytes"] = b"Alt \xf8\x88\x80\x80\x80"
    c["utf8_in_json_key"] = b'{"bo\xffdy": "x"}'
    c["utf8_latin1"] = "Grüße aus Köln".encode("latin-1")
    c["utf8_utf16_json"] = '{"body": "x"}'.encode("utf-16")
    c["utf8_cesu8_pair"] = b"Emoji als CESU-8 \xed\xa0\xbd\xed\xb8\x80"
    c["surrogate_raw_text"] = b"Einsames \xed\xa0\x80 Surrogat"
    c["surrogate_raw_json"] = b'{"body": "Einsames \xed\xa0\x80 Surrogat"}'
    c["surrogate_escape_high"] = b'{"body": "Einsames \\ud800 Surrogat"}'
    c["surrogate_escape_low"] = b'{"body": "Einsames \\udc00 Surrogat"}'
    c["surrogate_escape_reversed"] = b'{"body": "Verkehrt \\udc00\\ud800 herum"}'
    c["surrogate_escape_pair"] = b'{"body": "Emoji \\ud83d\\ude00 als Paar"}'
    c["nul_escaped_json"] = b'{"body": "vor\\u0000nach dem NUL"}'
    c["nul_raw_text"] = b"Text mit \x00 NUL-Byte"
    c["nul_raw_json"] = b'{"body": "a\x00b"}'
    c["nul_before_brace"] = b'\x00{"body": "x"}'
    c["control_chars_text"] = bytes(range(1, 32)) + b" Text \x7f Ende"
    c["control_raw_json"] = b'{"body": "a\x01b"}'
    c["control_escaped_json"] = b'{"body": "a\\u0001\\u001f\\u007f b"}'
    c["bom_text"] = b"\xef\xbb\xbfText mit BOM"
    c["bom_json"] = b"\xef\xbb\xbf" + art("Text nach BOM", id="bom")
    c["bom_twice"] = b"\xef\xbb\xbf\xef\xbb\xbfZwei BOMs"
    # ---- empty ----------------------------------------------------------
    c["empty"] = b""
    c["whitespace_ascii"] = b"   \t  \r "
    c["whitespace_unicode"] = "\u00a0\u2003\u3000\u200b\ufeff".encode()
    c["newlines_only"] = b"\n\n\r\n\n"
    c["json_empty_body"] = b'{"body": ""}'
    c["json_blank_body"] = js({"body": " \n\t\u00a0\u3000 "})
    c["json_empty_object"] = b"{}"
    c["json_null_body"] = b'{"body": null, "title": "Nur Titel"}'
    c["json_title_only"] = b'{"title": "Nur Titel"}'
    # ---- JSON shape -----------------------------------------------------
    c["json_truncated"] = b'{"id": "t", "body": "abc'
    c["json_trailing_comma"] = b'{"body": "x",}'
    c["json_trailing_garbage"] = b'{"body": "x"} und mehr'
    c["json_two_objects"] = b'{"body": "a"}{"body": "b"}'
    c["json_single_quotes"] = b"{'body': 'x'}"
    c["json_unquoted_key"] = b'{body: "x"}'
    c["json_array_is_text"] = b'[{"body": "Array, also Text"}]'
    c["json_nested_ok"] = b'{"body": "x", "meta": ' + b"[" * 1000 + b"]" * 1000 + b"}"
    c["json_nested_too_deep"] = b'{"body": "x", "meta": ' + b"[" * 20000 + b"]" * 20000 + b"}"
    c["json_nested_unclosed"] = b'{"body": "x", "meta": ' + b'{"a":' * 5000
    c["json_dup_body"] = b'{"body": "a", "body": "b"}'
    c["json_dup_id"] = b'{"id": "a", "body": "x", "id": "b"}'
    c["json_dup_nested"] = b'{"body": "x", "meta": {"k": 1, "k": 2}}'
    c["json_dup_case"] = b'{"body": "x", "Body": "y"}'
    c["type_body_number"] = b'{"body": 42}'
    c["type_body_array"] = b'{"body": ["Text"]}'
    c["type_body_object"] = b'{"body": {"text": "x"}}'
    c["type_body_bool"] = b'{"body": true}'
    c["type_title_number"] = b'{"body": "x", "title": 5}'
    c["type_language_array"] = b'{"body": "x", "language": ["de"]}'
    c["type_published_number"] = b'{"body": "x", "published_at": 20230912}'
    c["type_url_object"] = b'{"body": "x", "url": {}}'
    c["type_source_bool"] = b'{"body": "x", "source": false}'
    c["type_id_float"] = b'{"id": 1.5, "body": "x"}'
    c["type_id_bool"] = b'{"id": true, "body": "x"}'
    c["type_id_array"] = b'{"id": ["a"], "body": "x"}'
    c["id_integer"] = b'{"id": 12345, "body": "Text"}'
    c["id_negative"] = b'{"id": -7, "body": "Text"}'
    c["id_int64_max"] = b'{"id": 9223372036854775807, "body": "Text"}'
    c["id_too_big"] = b'{"id": 123456789012345678901234567890, "body": "Text"}'
    c["id_empty"] = b'{"id": "", "body": "Text ohne Kennung"}'
    c["id_nul"] = b'{"id": "a\\u0000b", "body": "Text"}'
    c["id_unicode"] = js({"id": "id-ü-😀-\u202e", "body": "Text"})
    c["null_fields"] = (b'{"id": null, "title": null, "language": null, "published_at": null,'
                        b' "url": null, "source": null, "body": "Nur der Text."}')
    c["language_word"] = b'{"body": "x", "language": "German"}'
    c["language_punct"] = b'{"body": "x", "language": "!!"}'
    c["language_empty"] = b'{"body": "x", "language": ""}'
    c["language_region"] = art(DE, language="de-AT")
    c["language_upper"] = art(EN, language="EN")
    c["language_long_tag"] = art(EN, language="en-Latn-US-x-priv")
    c["language_other"] = art("Le gouvernement a annoncé mardi de nouvelles mesures.", language="fr")
    c["published_garbage"] = art(DE, published_at="gestern")
    c["published_impossible"] = art(DE, published_at="2023-13-45T99:99:99Z")
    c["published_year_0"] = art(DE, published_at="0000-00-00")
    c["extra_fields"] = js({"body": DE, "tags": ["a", 1, None], "score": 1e308,
                            "nested": {"deep": [{"x": True}]}})
    c["number_real_overflow"] = b'{"body": "x", "score": 1e309}'
    c["number_huge_exponent"] = b'{"body": "x", "score": 1e999999999999}'
    c["good_de"] = good
    c["good_en"] = art(EN, id="good-en", language="en")
    # ---- compression ----------------------------------------------------
    c["gzip_ok"] = gz(good)
    c["zlib_ok"] = zlib.compress(good)
    c["zlib_level1"] = zlib.compress(good, 1)
    c["zlib_level9"] = zlib.compress(good, 9)
    c["gzip_text"] = gz(DE.encode())
    c["gzip_truncated"] = gz(good)[:-10]
    c["gzip_header_only"] = gz(good)[:10]
    c["gzip_trailing_garbage"] = gz(good) + b"JUNK"
    c["gzip_two_members"] = gz(good) + gz(good)
    bad_crc = bytearray(gz(good))
    bad_crc[-8] ^= 0xFF
    c["gzip_bad_crc"] = bytes(bad_crc)
    c["gzip_empty"] = gz(b"")
    c["gzip_nested"] = gz(gz(good))
    c["gzip_invalid_utf8"] = gz(b"Gr\xfc\xdfe")
    c["gzip_magic_garbage"] = b"\x1f\x8b\x08\x00garbage-not-deflate"
    c["zlib_truncated"] = zlib.compress(good)[:-6]
    c["zlib_trailing_garbage"] = zlib.compress(good) + b"garbage"
    bad_adler = bytearray(zlib.compress(good))
    bad_adler[-1] ^= 0xFF
    c["zlib_bad_adler"] = bytes(bad_adler)
    c["zlib_caret_text"] = b"x^2 + y^2 = z^2 ist kein zlib"
    c["zlib_magic_garbage"] = b"\x78\x9cgarbage"
    # ---- scripts --------------------------------------------------------
    c["script_cyrillic"] = art("Президент России Владимир Путин заявил во вторник, что переговоры "
                               "в Москве прошли успешно. Об этом сообщает агентство ТАСС.")
    c["script_chinese"] = art("中国国家主席习近平周二在北京会见了来访的德国总理。双方讨论了贸易问题。")
    c["script_japanese"] = art("岸田文雄首相は火曜日、東京で記者会見を開き、新たな経済対策を発表した。")
    c["script_arabic"] = art("قال الرئيس المصري عبد الفتاح السيسي يوم الثلاثاء إن المحادثات في القاهرة كانت ناجحة.")
    c["script_hebrew_rtl_marks"] = art("\u200fראש הממשלה אמר ביום שלישי\u200e (Berlin) \u202eevil\u202c "
                                       "\u2067isolate\u2069 \u061c.")
    c["script_thai"] = art("นายกรัฐมนตรีกล่าวเมื่อวันอังคารว่าการเจรจาที่กรุงเทพฯประสบความสำเร็จ")
    c["script_devanagari"] = art("प्रधानमंत्री ने मंगलवार को नई दिल्ली में कहा कि बातचीत सफल रही।")
    c["script_mixed"] = art("Merkel 默克尔 Меркель ميركل מרקל 😀 trifft Putin Путин 普京 in Berlin.")
    c["script_emoji"] = art("Tolles Spiel 👍🏽👨‍👩‍👧‍👦🇩🇪🇺🇸 ⚽️ 🏳️‍🌈 heute in München! 🎉" * 20)
    c["script_combining"] = art("Ze\u0301\u0301\u0301ro " + "e" + "\u0301\u0308\u0323" * 300 +
                                " Zalgo " + "\u0301" * 50 + " Anfang")
    c["script_noncharacters"] = art("Grenzfälle \ufffe \uffff \ufdd0 \U0010ffff \ue000 \U000e0001 Ende")
    c["script_linebreaks"] = art("Zeile\u2028Zeile\u2029Absatz\u0085NEL\r\nCRLF\rCR\vVT\fFF Ende")
    c["script_fullwidth"] = art("ＡＢＣ　ｄｅｆ　１２３　！？　Ｍｅｒｋｅｌ")
    # ---- quotes and punctuation ----------------------------------------
    c["quote_unclosed_de"] = art("„Das ist der Anfang eines Zitats, das nie endet. " +
                                 "Merkel sagte dies in Berlin. " * 50, language="de")
    c["quote_unclosed_en"] = art("\"This quote starts here and never ends. " +
                                 "Biden said so in Washington. " * 50, language="en")
    c["quote_unclosed_single"] = art("‚Halb offen " * 200 + "‘", language="de")
    c["quote_unbalanced_mix"] = art("» „ ' \" ‚ « “ ” ‘ ’ › ‹ 「 』 `` '' ` " * 100)
    c["quote_only_straight"] = art("\"" * 10000)
    c["quote_only_guillemets"] = art("»«" * 5000)
    c["quote_nested_deep"] = art("„" * 2000 + "Kern" + "“" * 2000 + " sagte er.", language="de")
    c["punct_exclamation"] = art("!" * 10000)
    c["punct_dots"] = art("...." * 5000)
    c["punct_ellipsis"] = art("…" * 10000)
    c["punct_question_mix"] = art("?!" * 5000 + "‽⁈" * 1000)
    c["punct_brackets_nested"] = art("(" * 5000 + "Kern" + ")" * 5000)
    c["punct_brackets_unbalanced"] = art("([{<" * 3000)
    c["punct_hyphens"] = art("-" * 10000 + " " + "– " * 3000 + "—" * 3000)
    c["punct_hyphen_chain"] = art("Wort-" * 5000)
    c["punct_apostrophes"] = art("'" * 10000)
    c["punct_clitics"] = art("do n't don't I'm you're we've they'll he'd " * 500 + "x'", language="en")
    c["punct_text_ends_apostrophe"] = b"Peter ging nach Hause, sagte Peters'"
    c["punct_abbrev_chain"] = art("Dr. " * 3000 + "z.B. " * 1000 + "U.S." * 1000, language="de")
    marks = ".,;:!?()[]{}\"'„“«»-–—…/\\@#%&*+=<>|~^_`$€§"
    c["punct_mixed_dense"] = art("".join(marks[i % len(marks)] for i in range(20000)))
    c["number_extremes"] = art("Werte: 1e308 1.7976931348623157e+308 -0 NaN Infinity 0x1F "
                               "1,000,000.00 3,5 % 10^308 99999999999999999999999 "
                               "1.000.000.000.000.000,00 Euro -273,15 °C ½ ² ³ ⅞ ①", language="de")
    c["number_ordinal_overflow"] = art("Am 4444444444. Tag und 99999. Mal und 1.2.3.4.5.6. ", language="de")
    c["number_ordinal_chain"] = art("1. " * 5000, language="de")
    c["number_long_digits"] = art("9" * 20000)
    c["url_email_chains"] = art("www." * 1000 + " " + "http://" * 500 + " " + "a@b." * 1000 +
                                " " + "@" * 1000 + " " + "#" * 1000)
    c["url_long"] = art("Siehe https://example.com/" + "pfad/" * 2000 + "?q=" + "x" * 2000 + " dort.")
    # ---- regressions found by fuzzing ---------------------------------
    c["regress_decode_reason_utf8"] = (b'{"body": "a\\u0000b \\ud83d\\\xc7\x8a\x1b\x00\x10a'
                                       b'\x00\x0000e4"}')
    c["regress_text_apostrophe_at_end"] = b'[{"body": bOdy\''
    c["regress_text_ordinal_overflow"] = b"Fed holds rates steady\n4444444444. Federal Reserve"
    c["regress_dates_weekday_day_month"] = art("Die Sitzung findet am Montag, 15. Juni statt.",
                                               language="de", published_at="2016-06-06T08:00:00Z")
    c["regress_entities_long_key"] = (b"\xc3\xa4\x00\xc3\xa4 \xc3\xa4@" + b"W" * 16 + b"n" * 26 +
                                      b"WWWWrung'W_body" + b"W" * 63 + b"rung'W_i]")
    c["regress_text_abbrev_nul"] = b"Dr\x00 xmed. K.\n.F"
    return c


def big_cases():
    c = {}
    # ~10 MB of news text in one JSON body, under the 10 MiB cap
    n = 10000000 // len(DE.encode())
    body = DE * n
    c["big_body_10mb"] = art(body, id="big-10mb", language="de")
    c["big_too_large"] = b"a" * (10 * 1024 * 1024 + 1)
    # 12 MB of text, gzip'd far below the raw cap, inflating below 32 MiB
    c["big_gzip_12mb"] = gz(art(EN * (12000000 // len(EN)), id="big-gzip", language="en"))
    # bombs: a little gzip/zlib that inflates past max_decompressed_bytes
    c["big_gzip_bomb"] = gz(b"\0" * (64 * 1024 * 1024))
    c["big_zlib_bomb"] = zlib.compress(b"a" * (48 * 1024 * 1024), 9)
    # one sentence of 100,000 tokens: words, then names (many mentions)
    c["big_tokens_100k_words"] = art("wort " * 100000, language="de")
    c["big_tokens_100k_names"] = art("Angela Merkel und Olaf Scholz trafen Emmanuel Macron in Berlin , "
                                     * 10000, language="de")
    c["big_tokens_100k_quotes"] = art("„ sagte Merkel “ " * 25000, language="de")
    c["big_long_word"] = art("a" * 200000)
    c["big_long_word_multibyte"] = art("ä" * 100000 + "😀" * 50000)
    c["big_long_cjk_run"] = art("中" * 100000)
    c["big_emoji_zwj_chain"] = art("👍\u200d" * 20000 + "👍")
    c["big_flags_run"] = art("🇩🇪" * 20000)
    return c


SMALL = 8192


def committed():
    return {k: v for k, v in small_cases().items() if len(v) <= SMALL}


def generated():
    c = {k: v for k, v in small_cases().items() if len(v) > SMALL}
    c.update(big_cases())
    return c


def write(cases, d):
    os.makedirs(d, exist_ok=True)
    for name, data in cases.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("--small", "--big", "--check"):
        sys.exit(__doc__)
    mode, d = sys.argv[1:]
    if mode == "--small":
        write(committed(), d)
    elif mode == "--big":
        write(generated(), d)
    else:
        stale = []
        for name, data in committed().items():
            p = os.path.join(d, name)
            if not os.path.exists(p) or open(p, "rb").read() != data:
                stale.append(name)
        extra = set(os.listdir(d)) - set(committed())
        if stale or extra:
            sys.exit("corpus out of date (run gen_corpus.py --small %s): %s"
                     % (d, sorted(stale) + sorted(extra)))


if __name__ == "__main__":
    main()
