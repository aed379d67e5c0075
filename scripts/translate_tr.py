"""Fill locale/tr/LC_MESSAGES/django.po from the Turkish glossary below (run after makemessages).

Kept in the repository so a new admin string gets its translation here, reviewed like code;
`manage.py compilemessages` (or msgfmt) then builds the .mo that Django reads. Third-party admin
strings (scripts/tr_thirdparty.py) and flow descriptions are not in our sources, so makemessages
would drop them: this script adds them back as entries of our catalogue, which LOCALE_PATHS puts
ahead of the apps' own.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from scripts.tr_flows import FLOW_DESCRIPTIONS
from scripts.tr_thirdparty import THIRD_PARTY

PO = Path(__file__).resolve().parent.parent / "locale" / "tr" / "LC_MESSAGES" / "django.po"

TR = {
    "Sync dashboard": "Senkronizasyon paneli",
    "sync dashboard": "senkronizasyon paneli",
    "Invalid username/password.": "Geçersiz kullanıcı adı/parola.",
    "pending marketplace write": "bekleyen pazaryeri yazımı",
    "pending marketplace writes": "bekleyen pazaryeri yazımları",
    "order sync mark": "sipariş senkronizasyon işareti",
    "order sync marks": "sipariş senkronizasyon işaretleri",
    "pending content check": "bekleyen içerik kontrolü",
    "pending content checks": "bekleyen içerik kontrolleri",
    "pending unsupplied call": "bekleyen tedarik edilemedi bildirimi",
    "pending unsupplied calls": "bekleyen tedarik edilemedi bildirimleri",
    "channel marketplace": "kanal pazaryeri",
    "channel marketplaces": "kanal pazaryerleri",
    "Omnitron channel id": "Omnitron kanal kimliği",
    "marketplace": "pazaryeri",
    "updated": "güncellendi",
    "Channel %(id)s is not synced by this deployment (configured: %(ids)s).":
        "%(id)s kanalı bu kurulum tarafından senkronize edilmiyor (yapılandırılmış: %(ids)s).",
    "Channels without a row use the deployment default (CHANNEL_ADAPTER).":
        "Satırı olmayan kanallar kurulumun varsayılanını (CHANNEL_ADAPTER) kullanır.",
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
    "Schedule": "Zamanlama",
    "in words": "açıklaması",
    "cron %(fields)s (%(zone)s)": "cron %(fields)s (%(zone)s)",
    "every day at %(time)s (%(zone)s)": "her gün %(time)s (%(zone)s)",
    "%(days)s at %(time)s (%(zone)s)": "%(days)s %(time)s (%(zone)s)",
    "once at %(time)s": "bir kez, %(time)s",
    "left": "kalan",
    "finished: reload for its result": "bitti: sonucu için sayfayı yenileyin",
    "Invalid username/password.": "Geçersiz kullanıcı adı/parola.",
    "the lock outlived its run (%(state)s)": "kilit çalışmasından uzun yaşadı (%(state)s)",
    "no progress for %(s)d s": "%(s)d sn'dir ilerleme yok",
    "backlog growing: each run fetches more": "birikim büyüyor: her çalışma daha fazlasını okuyor",
    "the last run stopped at the per-run cap": "son çalışma çalışma başı üst sınırda durdu",
    "rate-limited by a remote service": "uzak servis istek sınırına takıldı",
    "Setup": "Kurulum",
    "Catalog": "Katalog",
    "Orders": "Siparişler",
    "Diagnostics": "Tanılama",
    "Needs attention": "İlgi bekleyenler",
    "Nothing: last runs succeeded, no lock is stuck, no backlog grows, no rate limit was hit.":
        "Yok: son çalışmalar başarılı, takılı kilit yok, birikim büyümüyor, istek sınırına takılan yok.",
    "Last 7 days: a bar per run (objects fetched), red for a failed run, the grey line its duration.":
        "Son 7 gün: her çalışma bir çubuk (okunan nesne), başarısız çalışma kırmızı, gri çizgi süresi.",
    "Last 7 days": "Son 7 gün",
    "Schedules": "Zamanlamalar",
    "disabled": "kapalı",
    "Dry run: what it would send": "Deneme çalışması: göndereceği veriler",
    "Stored result": "Kayıtlı sonuç",
    "task id": "görev kimliği",
    "state": "durum",
    "dry run": "deneme",
    "duration": "süre",
    "samples": "örnekler",
    "dry run: nothing was changed": "deneme çalışması: hiçbir şey değiştirilmedi",
    "Reason": "Neden",
    "Skipped": "Atlandı",
    "another run held the lock: %(id)s": "kilit başka bir çalışmadaydı: %(id)s",
    "Times": "Zamanlar",
    "queued": "kuyruğa alındı",
    "started": "başladı",
    "finished": "bitti",
    "would send": "gönderecekti",
    "Requests": "İstekler",
    "Notes": "Notlar",
    "Failed objects": "Başarısız nesneler",
    "Links": "Bağlantılar",
    "scheduled by": "zamanlayan",
    "A backing service (broker, cache or database) is unavailable; retry later.":
        "Bir altyapı servisi (mesaj kuyruğu, önbellek veya veritabanı) kullanılamıyor; daha sonra yeniden deneyin.",
    "Security": "Güvenlik",
    "pending marketplace write": "bekleyen pazaryeri yazımı",
    "API token": "API anahtarı",
    "API tokens": "API anahtarları",
    "first characters": "İlk karakterler",  # capfirst would make "Ilk": Turkish capital i is dotted
    "SHA-256 of the key": "anahtarın SHA-256 özeti",
    "created": "oluşturulma",
    "name": "ad",
    "user": "kullanıcı",
    "Enable selected tasks": "Seçili görevleri etkinleştir",
    "Disable selected tasks": "Seçili görevleri devre dışı bırak",
    "Toggle activity of selected tasks": "Seçili görevlerin etkinliğini değiştir",
    "Invalid token.": "Geçersiz anahtar.",
    # order webhooks (channel/models.py, channel/admin_webhooks.py, dashboard_webhooks.html)
    "API key (x-api-key header)": "API anahtarı (x-api-key başlığı)",
    "HTTP Basic": "HTTP Basic",
    "authentication": "kimlik doğrulama",
    "user name": "kullanıcı adı",
    "Basic authentication user name": "Basic kimlik doğrulama kullanıcı adı",
    "secret": "gizli anahtar",
    "the API key or Basic password the marketplace sends": "pazaryerinin gönderdiği API anahtarı veya Basic parolası",
    "URL": "URL",
    "the public URL registered at the marketplace": "pazaryerine kaydedilen genel URL",
    "marketplace id": "pazaryeri kimliği",
    "the marketplace's webhook id": "pazaryerindeki webhook kimliği",
    "marketplace status": "pazaryeri durumu",
    "ACTIVE or PASSIVE at the marketplace": "pazaryerinde ACTIVE veya PASSIVE",
    "registered": "kaydedildi",
    "last checked": "son kontrol",
    "order webhook": "sipariş webhook'u",
    "order webhooks": "sipariş webhook'ları",
    "package": "paket",
    "status": "durum",
    "changed": "değişti",
    "the package's lastModifiedDate (epoch ms)": "paketin lastModifiedDate değeri (epoch ms)",
    "the package as delivered": "teslim edildiği haliyle paket",
    "received": "alındı",
    "held until": "şu zamana kadar tutuluyor",
    "processed": "işlendi",
    "outcome": "sonuç",
    "error": "hata",
    "attempts": "deneme",
    "order webhook event": "sipariş webhook olayı",
    "order webhook events": "sipariş webhook olayları",
    "Channel %(id)s: %(error)s": "%(id)s kanalı: %(error)s",
    "Channel %(id)s: %(done)s": "%(id)s kanalı: %(done)s",
    "webhook registered": "webhook kaydedildi",
    "webhook deactivated": "webhook devre dışı bırakıldı",
    "webhook removed": "webhook kaldırıldı",
    "Register at the marketplace (and activate)": "Pazaryerine kaydet (ve etkinleştir)",
    "Deactivate at the marketplace": "Pazaryerinde devre dışı bırak",
    "Remove from the marketplace": "Pazaryerinden kaldır",
    "Order webhooks": "Sipariş webhook'ları",
    "Webhook": "Webhook",
    "Received (24 h)": "Alınan (24 sa)",
    "Failed (24 h)": "Başarısız (24 sa)",
    "Waiting": "Bekleyen",
    "Lag to arrive": "Ulaşma gecikmesi",
    "Lag to import": "Aktarma gecikmesi",
    "not registered: orders arrive by polling only": "kayıtlı değil: siparişler yalnızca periyodik sorguyla gelir",
    "oldest %(s)s s": "en eskisi %(s)s sn",
    "Lags are medians of the last 24 hours: from the marketplace's change to its arrival here, and from arrival "
    "to the order's import. Polling stays on as the safety net.":
        "Gecikmeler son 24 saatin medyanlarıdır: pazaryerindeki değişiklikten buraya ulaşmasına ve ulaşmasından "
        "siparişin aktarılmasına kadar. Periyodik sorgu güvenlik ağı olarak açık kalır.",
    "Invalid username/password, or HTTP Basic not allowed (staff only; others use an API token).":
        "Geçersiz kullanıcı adı/parola ya da HTTP Basic'e izin yok (yalnızca yetkili personel; diğerleri API "
        "anahtarı kullanır).",
}

# Plural entries: msgid (n = 1) -> Turkish for one and for many (Plural-Forms below: n > 1).
PLURALS = {
    "every day": ("her gün", "%(n)d günde bir"),
    "every hour": ("her saat", "%(n)d saatte bir"),
    "every minute": ("her dakika", "%(n)d dakikada bir"),
    "every second": ("her saniye", "%(n)d saniyede bir"),
    "%(n)s flow it runs or checks": ("çalıştırdığı veya denetlediği %(n)s akış",
                                     "çalıştırdığı veya denetlediği %(n)s akış"),
    "%(n)s kept in the stored result below": ("%(n)s tanesi aşağıdaki kayıtlı sonuçta",
                                              "%(n)s tanesi aşağıdaki kayıtlı sonuçta"),
}

PLURAL_ENTRY = re.compile(r'(msgid ((?:"(?:[^"\\]|\\.)*"\n)+)msgid_plural (?:"(?:[^"\\]|\\.)*"\n)+)'
                          r'msgstr\[0\] (?:"(?:[^"\\]|\\.)*"\n)+msgstr\[1\] (?:"(?:[^"\\]|\\.)*"\n)+')
ENTRY = re.compile(r'(msgid ((?:"(?:[^"\\]|\\.)*"\n)+))(msgstr ((?:"(?:[^"\\]|\\.)*"\n)+))')


def unquote(block: str) -> str:
    return "".join(bytes(part, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
                   for part in re.findall(r'"((?:[^"\\]|\\.)*)"', block))


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"\n'


OBSOLETE = re.compile(r'\n#~ msgid .*\n(?:#~ ".*"\n)*#~ msgstr .*\n(?:#~ ".*"\n)*')
EXTRA_HEADER = "\n# Strings outside our sources (third-party admin, flow descriptions): scripts/translate_tr.py\n"


def with_extra_entries(text: str, extra: dict[str, str]) -> str:
    """`text` with one entry per `extra` msgid that is not already an entry, obsolete copies dropped."""
    text = OBSOLETE.sub("\n", text).split(EXTRA_HEADER)[0].rstrip("\n") + "\n"
    present = {unquote(match.group(2)) for match in ENTRY.finditer(text)}
    added = [f"\nmsgid {quote(msgid)}msgstr {quote(msgstr)}" for msgid, msgstr in extra.items()
             if msgid not in present]
    return text + (EXTRA_HEADER + "".join(added) if added else "")


def main() -> int:
    source = PO.read_text()
    missing: list[str] = []

    def fill(match: re.Match) -> str:
        msgid = unquote(match.group(2))
        if not msgid:
            return match.group(0)
        known = TR.get(msgid) or THIRD_PARTY.get(msgid) or FLOW_DESCRIPTIONS.get(msgid)
        if known is None:
            missing.append(msgid)
            return match.group(0)
        return f"{match.group(1)}msgstr {quote(known)}"

    def fill_plural(match: re.Match) -> str:
        msgid = unquote(match.group(2))
        if msgid not in PLURALS:
            missing.append(msgid)
            return match.group(0)
        one, many = PLURALS[msgid]
        return f"{match.group(1)}msgstr[0] {quote(one)}msgstr[1] {quote(many)}"

    # Every entry is filled from the glossaries, so msgmerge's fuzzy guesses and their "#|" notes go.
    source = re.sub(r"^#\| .*\n", "", source, flags=re.M)
    source = re.sub(r"^#, fuzzy\n", "", source, flags=re.M).replace("#, fuzzy, ", "#, ")
    text = ENTRY.sub(fill, PLURAL_ENTRY.sub(fill_plural, source))
    text = with_extra_entries(text, {**THIRD_PARTY, **FLOW_DESCRIPTIONS})
    text = text.replace('"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"', '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"')
    text = text.replace('"Content-Type: text/plain; charset=CHARSET\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"')
    PO.write_text(text)
    for msgid in missing:
        print(f"no Turkish for: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
