"""Turkish for the flow descriptions the admin shows (task choices, dashboard): translate_tr.py adds them.

A flow's description is plain text in its declaration; the admin shows it through gettext, and
tests/test_translations.py fails when a registered flow's description has no entry here.
"""
from __future__ import annotations

FLOW_DESCRIPTIONS: dict[str, str] = {
    "Approve or reject marketplace returns as Omnitron's refund requests were decided.":
        "Pazaryeri iadelerini Omnitron'daki iade taleplerine verilen karara göre onayla veya reddet.",
    "Report content updates the marketplace's content check refused.":
        "Pazaryerinin içerik kontrolünün reddettiği içerik güncellemelerini bildir.",
    "Finish image batches waiting on the marketplace.": "Pazaryerinde bekleyen görsel gruplarını tamamla.",
    "Send images of products whose images were never sent.": "Görselleri hiç gönderilmemiş ürünlerin görsellerini gönder.",
    "Insert new product images, then update changed ones.": "Yeni ürün görsellerini ekle, sonra değişenleri güncelle.",
    "Send images changed since they were last sent.": "Son gönderimden beri değişen görselleri gönder.",
    "Does nothing; proves that a trigger reaches a worker and its result is stored.":
        "Hiçbir şey yapmaz; bir tetiklemenin worker'a ulaştığını ve sonucunun kaydedildiğini gösterir.",
    "Cancel in Omnitron the units the marketplace cancelled.": "Pazaryerinin iptal ettiği kalemleri Omnitron'da iptal et.",
    "Send Omnitron cancellation requests to the marketplace as unsupplied items (conf reason mapping).":
        "Omnitron iptal taleplerini pazaryerine tedarik edilemeyen kalem olarak gönder (conf neden eşlemesi).",
    "Finish order batches a killed run left open and record orders it left unrecorded.":
        "Yarıda kalan bir çalışmanın açık bıraktığı sipariş gruplarını tamamla ve kaydedilmemiş siparişleri kaydet.",
    "Turn marketplace returns (claims) into Omnitron refund cancellation requests.":
        "Pazaryeri iadelerini (claim) Omnitron iade iptal taleplerine dönüştür.",
    "Import new marketplace packages as Omnitron orders, exactly once.":
        "Yeni pazaryeri paketlerini Omnitron siparişi olarak tam bir kez içe aktar.",
    "Push Omnitron order changes (picking, invoice, tracking) to the marketplace packages.":
        "Omnitron sipariş değişikliklerini (toplama, fatura, kargo takibi) pazaryeri paketlerine gönder.",
    "Finish price batches waiting on the marketplace.": "Pazaryerinde bekleyen fiyat gruplarını tamamla.",
    "Send new prices of the extra price lists the conf maps.": "Conf'un eşlediği ek fiyat listelerinin yeni fiyatlarını gönder.",
    "Send changed prices of the extra price lists the conf maps.":
        "Conf'un eşlediği ek fiyat listelerinin değişen fiyatlarını gönder.",
    "Send prices never sent before (main price list).": "Hiç gönderilmemiş fiyatları gönder (ana fiyat listesi).",
    "Insert new prices, then update changed ones (main price list).":
        "Yeni fiyatları ekle, sonra değişenleri güncelle (ana fiyat listesi).",
    "Send prices changed since they were last sent (main price list).":
        "Son gönderimden beri değişen fiyatları gönder (ana fiyat listesi).",
    "Finish product batches waiting on the marketplace.": "Pazaryerinde bekleyen ürün gruplarını tamamla.",
    "Remove products that left the channel's catalog from the marketplace.":
        "Kanal kataloğundan çıkan ürünleri pazaryerinden kaldır.",
    "Finish delete batches waiting on the marketplace.": "Pazaryerinde bekleyen silme gruplarını tamamla.",
    "Send products never sent before, with prices, stocks, images and attributes.":
        "Hiç gönderilmemiş ürünleri fiyat, stok, görsel ve özellikleriyle gönder.",
    "Insert new products, then update changed ones.": "Yeni ürünleri ekle, sonra değişenleri güncelle.",
    "Send products changed since they were last sent.": "Son gönderimden beri değişen ürünleri gönder.",
    "Create or update channel-level marketplace attributes and values.":
        "Kanal düzeyindeki pazaryeri özelliklerini ve değerlerini oluştur veya güncelle.",
    "Create or update attribute sets, attributes and values of every mapped category.":
        "Eşlenmiş her kategorinin özellik setlerini, özelliklerini ve değerlerini oluştur veya güncelle.",
    "Create or update the channel category tree and nodes from the marketplace.":
        "Kanal kategori ağacını ve düğümlerini pazaryerinden oluştur veya güncelle.",
    "Publish the adapter's channel conf fields to the Omnitron channel schema.":
        "Adaptörün kanal conf alanlarını Omnitron kanal şemasında yayımla.",
    "Finish stock batches waiting on the marketplace.": "Pazaryerinde bekleyen stok gruplarını tamamla.",
    "Send new stocks of the extra stock lists the conf maps.": "Conf'un eşlediği ek stok listelerinin yeni stoklarını gönder.",
    "Send changed stocks of the extra stock lists the conf maps.":
        "Conf'un eşlediği ek stok listelerinin değişen stoklarını gönder.",
    "Send stocks never sent before (main stock list).": "Hiç gönderilmemiş stokları gönder (ana stok listesi).",
    "Insert new stocks, then update changed ones (main stock list).":
        "Yeni stokları ekle, sonra değişenleri güncelle (ana stok listesi).",
    "Send stocks changed since they were last sent (main stock list).":
        "Son gönderimden beri değişen stokları gönder (ana stok listesi).",
}
