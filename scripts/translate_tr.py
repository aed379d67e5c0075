"""Fill locale/tr/LC_MESSAGES/django.po from the Turkish glossary below (run after makemessages).

Kept in the repository so a new admin string gets its translation here, reviewed like code;
`manage.py compilemessages` (or msgfmt) then builds the .mo that Django reads.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "tr" / "LC_MESSAGES" / "django.po"

TR = {
    "Sync dashboard": "Senkronizasyon paneli",
    "sync dashboard": "senkronizasyon paneli",
    "Unknown flow or channel; nothing was started.": "Bilinmeyen akış veya kanal; hiçbir şey başlatılmadı.",
    "Channel %(id)s is not configured; nothing was started.": "%(id)s kanalı yapılandırılmamış; hiçbir şey başlatılmadı.",
    "Keyword arguments must be a JSON object, e.g. {\"channel_id\": 1}.":
        "Anahtar kelime argümanları bir JSON nesnesi olmalı, örn. {\"channel_id\": 1}.",
    "Channel %(id)s is not configured; configured channels: %(ids)s.":
        "%(id)s kanalı yapılandırılmamış; yapılandırılmış kanallar: %(ids)s.",
    "dry_run must be true or false.": "dry_run true veya false olmalı.",
    "Task": "Görev",
    "Only one can be set, in expires and expire_seconds": "expires ve expire_seconds alanlarından yalnızca biri girilebilir",
    "Sync tasks take no positional arguments; use keyword arguments.":
        "Senkronizasyon görevleri konumsal argüman almaz; anahtar kelime argümanlarını kullanın.",
    "Run now (respects the one-run-at-a-time lock)": "Şimdi çalıştır (aynı anda tek çalışma kilidine uyar)",
    "flow": "akış",
    "channel": "kanal",
    "Task id, or its beginning.": "Görev kimliği veya başlangıcı.",
    "Summary": "Özet",
    "Failure": "Hata",
    "Parameters": "Parametreler",
    "Result": "Sonuç",
    "counts": "sayılar",
    "summary": "özet",
    "traceback": "hata izi",
    "keyword arguments": "anahtar kelime argümanları",
    "result": "sonuç",
    "Flower": "Flower",
    "Open in Flower": "Flower'da aç",
    "Queued a dry run of %(flow)s for channel %(channel)s as %(id)s.":
        "%(channel)s kanalı için %(flow)s deneme çalışması %(id)s olarak kuyruğa alındı.",
    "Queued %(flow)s for channel %(channel)s as %(id)s.":
        "%(channel)s kanalı için %(flow)s %(id)s olarak kuyruğa alındı.",
    "HTTP Basic is for staff users; use an API token instead.":
        "HTTP Basic yalnızca yetkili personel içindir; bunun yerine bir API anahtarı kullanın.",
    "You need the 'Can view syncs' permission.": "'Senkronizasyonları görüntüleyebilir' yetkisine ihtiyacınız var.",
    "You need the 'Can trigger syncs' permission.": "'Senkronizasyon başlatabilir' yetkisine ihtiyacınız var.",
    "no options": "seçenek yok",
    "No channel is configured; pass channel_id.": "Yapılandırılmış kanal yok; channel_id verin.",
    "This Idempotency-Key was used for a different request.": "Bu Idempotency-Key farklı bir istek için kullanıldı.",
    "Must be 1 to 255 characters long.": "1 ile 255 karakter arasında olmalı.",
    "No run with id %(id)s.": "%(id)s kimlikli çalışma yok.",
    "Sales channel": "Satış kanalı",
    "Can view syncs (dashboard, runs, API reads)": "Senkronizasyonları görüntüleyebilir (panel, çalışmalar, API okumaları)",
    "Can trigger syncs (Run now, Dry run, REST API, periodic task action)":
        "Senkronizasyon başlatabilir (Şimdi çalıştır, Deneme, REST API, periyodik görev eylemi)",
    "English": "İngilizce",
    "Turkish": "Türkçe",
    "Django site admin": "Django site yönetimi",
    "Home": "Ana sayfa",
    "All task results": "Tüm görev sonuçları",
    "Periodic tasks": "Periyodik görevler",
    "Flow": "Akış",
    "Channel": "Kanal",
    "Last run": "Son çalışma",
    "State": "Durum",
    "Duration": "Süre",
    "Counts": "Sayılar",
    "Next run": "Sonraki çalışma",
    "Running now": "Şu an çalışıyor",
    "Actions": "Eylemler",
    "never run": "hiç çalışmadı",
    "unknown": "bilinmiyor",
    "not scheduled": "zamanlanmamış",
    "running": "çalışıyor",
    "The lock store (Redis) cannot be read.": "Kilit deposu (Redis) okunamıyor.",
    "Run now": "Şimdi çalıştır",
    "Dry run": "Deneme çalışması",
    "No flows are registered or no channel is configured.": "Kayıtlı akış yok veya yapılandırılmış kanal yok.",
    "Unknown option(s) for %(flow)s: %(unknown)s. It accepts: channel_id, dry_run%(more)s.":
        "%(flow)s için bilinmeyen seçenek(ler): %(unknown)s. Kabul ettikleri: channel_id, dry_run%(more)s.",
    "The sync to run. Pass options in the keyword arguments, e.g. {\"channel_id\": 1}.":
        "Çalıştırılacak senkronizasyon. Seçenekleri anahtar kelime argümanlarında verin, örn. {\"channel_id\": 1}.",
    "%(name)s was not started: it does not name a sync with valid keyword arguments.":
        "%(name)s başlatılmadı: geçerli anahtar kelime argümanlarına sahip bir senkronizasyonu adlandırmıyor.",
    "Not started: %(flow)s for channel %(channel)s is already running as %(id)s.":
        "Başlatılmadı: %(channel)s kanalı için %(flow)s zaten %(id)s olarak çalışıyor.",
    "Could not queue %(flow)s for channel %(channel)s: the broker is unavailable (%(error)s).":
        "%(channel)s kanalı için %(flow)s kuyruğa alınamadı: mesaj kuyruğu kullanılamıyor (%(error)s).",
    "Unknown option(s) for flow %(flow)s: %(unknown)s. It accepts: %(known)s.":
        "%(flow)s akışı için bilinmeyen seçenek(ler): %(unknown)s. Kabul ettikleri: %(known)s.",
    "A backing service (broker, cache or database) is unavailable; retry later.":
        "Bir altyapı servisi (mesaj kuyruğu, önbellek veya veritabanı) kullanılamıyor; daha sonra yeniden deneyin.",
}

ENTRY = re.compile(r'(msgid ((?:"(?:[^"\\]|\\.)*"\n)+))(msgstr ((?:"(?:[^"\\]|\\.)*"\n)+))')


def unquote(block: str) -> str:
    return "".join(bytes(part, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
                   for part in re.findall(r'"((?:[^"\\]|\\.)*)"', block))


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"\n'


def main() -> int:
    source = PO.read_text()
    missing: list[str] = []

    def fill(match: re.Match) -> str:
        msgid = unquote(match.group(2))
        if not msgid:
            return match.group(0)
        if msgid not in TR:
            missing.append(msgid)
            return match.group(0)
        return f"{match.group(1)}msgstr {quote(TR[msgid])}"

    text = ENTRY.sub(fill, source).replace("#, fuzzy\n", "", 1)
    text = text.replace('"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"', '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"')
    text = text.replace('"Content-Type: text/plain; charset=CHARSET\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"')
    PO.write_text(text)
    for msgid in missing:
        print(f"no Turkish for: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
