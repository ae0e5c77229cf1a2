"""Numbers, money, percentages and dates for a report's language (Babel, CLDR).

>>> [m.replace("\xa0", " ") for m in (money_mn(4.6, "nl"), money_mn(4.6, "en"))]
['€ 4,6 miljoen', '€4.6 million']
>>> money_mn(1234.5, "nl") == "€\xa01,2 miljard"  # a no-break space keeps € with its amount
True
>>> percent(2.0061, "nl"), percent(2.0061, "en")
('2,01%', '2.01%')
>>> import datetime as dt
>>> long_date(dt.date(2019, 12, 4), "nl"), long_date(dt.date(2019, 12, 4), "en")
('4 december 2019', '4 December 2019')
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from burdenshare.i18n import check_language, number

LOCALES = {"en": "en_GB", "nl": "nl_NL"}


def _locale(lang: str) -> str:
    return LOCALES[check_language(lang)]


def missing(value: Any) -> bool:
    """None, NaN or pandas' NA."""
    if value is None:
        return True
    try:
        return bool(math.isnan(float(value)))
    except (TypeError, ValueError):
        return str(value) in ("<NA>", "nan", "NaT")


def money_mn(value_mn: Any, lang: str, currency: str = "EUR") -> str:
    """An amount given in millions, in words (``€ 4,6 miljoen``); ``–`` when missing."""
    from babel.numbers import format_compact_decimal, format_currency

    if missing(value_mn):
        return "–"
    loc = _locale(lang)
    compact = format_compact_decimal(float(value_mn) * 1e6, format_type="long", locale=loc,
                                     fraction_digits=1)  # fmt: skip
    pattern = str(format_currency(1, currency, locale=loc))  # "€ 1,00", "€1.00", "1,00 €"
    at = pattern.index("1")
    return pattern[:at] + compact + re.sub(r"^[\d.,]+", "", pattern[at:])


def percent(value: Any, lang: str, decimals: int = 2) -> str:
    """A share already in percent (``2.01`` → ``2,01%``)."""
    from babel.numbers import format_percent

    if missing(value):
        return "–"
    fmt = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return str(format_percent(float(value) / 100, format=fmt, locale=_locale(lang)))


def points(value: Any, lang: str, decimals: int = 2) -> str:
    """A signed difference in percentage points (``+0,25``)."""
    if missing(value):
        return "–"
    sign = "+" if float(value) > 0 else ("−" if float(value) < 0 else "±")
    return sign + number(abs(float(value)), lang, decimals)


def num(value: Any, lang: str, decimals: int = 2) -> str:
    """A number with the language's signs; ``–`` when missing."""
    if missing(value):
        return "–"
    return number(float(value), lang, decimals)


def long_date(day: dt.date, lang: str) -> str:
    """``4 december 2019``."""
    from babel.dates import format_date

    return str(format_date(day, format="long", locale=_locale(lang)))
