"""How Vietnamese administrative documents write dates, numbers and file names."""

import unicodedata
from datetime import date


def vietnamese_date(day: date) -> str:
    """Return "ngày 08 tháng 3 năm 2022": day always two digits, month two digits only for 1 and 2.

    Nghị định 30/2020/NĐ-CP (Phụ lục I) and Hướng dẫn 36-HD/VPTW both pad the day below 10 and the
    months January and February (so "tháng 01" cannot be misread as "tháng 10", "11", "12").
    """
    month = "{:02d}".format(day.month) if day.month < 3 else str(day.month)
    return "ngày {:02d} tháng {} năm {}".format(day.day, month, day.year)


def place_date(place: str, day: date) -> str:
    """Return the place-date line: "Hà Tĩnh, ngày 08 tháng 3 năm 2022"."""
    return "{}, {}".format(place, vietnamese_date(day))


def party_number_line(number: str, symbol: str) -> str:
    """Return the Party number line, "Số" with no colon: "Số 3-KH/TCTTP" (HD 36-HD/VPTW)."""
    return "Số {}-{}".format(number, symbol)


def state_symbol(symbol: str) -> str:
    """Return the state form of a symbol: the Party's "KH/TCTTP" becomes "KH-TCTTP"."""
    return symbol.replace("/", "-")


def state_number(number) -> str:
    """Return a state document's number: below 10 with a leading zero, "03" (NĐ 30/2020 Phụ lục I,
    "số của văn bản … những số nhỏ hơn 10 phải ghi thêm số 0 phía trước")."""
    text = str(number).strip()
    return "0" + text if text.isdigit() and int(text) < 10 and len(text) == 1 else text


def state_number_line(number: str, symbol: str) -> str:
    """Return the state number line with its colon: "Số: 03/KH-TCTTP" (Nghị định 30/2020)."""
    return "Số: {}/{}".format(state_number(number), state_symbol(symbol))


# The blank a draft leaves for the number the văn thư writes in when the document is issued.
NUMBER_BLANK = "\u00a0" * 6


def draft_number_line(symbol: str, *, party: bool) -> str:
    """Return a draft's number line, the number left blank: "Số:      /QĐ-TCTTP" (state, NĐ 30)
    or "Số      -QĐ/TCTTP" (Party, HD 36)."""
    if party:
        return "Số {}-{}".format(NUMBER_BLANK, symbol)
    return "Số: {}/{}".format(NUMBER_BLANK, state_symbol(symbol))


def upper(text: str) -> str:
    """Upper-case Vietnamese text for a header line ("Tỉnh ủy Hà Tĩnh" → "TỈNH ỦY HÀ TĨNH")."""
    return text.upper()


def ascii_filename(text: str) -> str:
    """Return a file-name-safe ASCII form: letters, digits, '-' and '.', diacritics removed."""
    text = text.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    safe = "".join(ch if ch.isalnum() or ch in "-." else "-" for ch in text)
    while "--" in safe:
        safe = safe.replace("--", "-")
    return safe.strip("-.") or "van-ban"
