"""The fixed set of topics: the sections of the community update."""

from django.db import migrations

TOPICS = [
    # slug, en, es, fr, it, de, zh_hans, af, el, tr
    ("infrastructure", "Infrastructure", "Infraestructura", "Infrastructure", "Infrastruttura", "Infrastruktur",
     "基础设施", "Infrastruktuur", "Υποδομή", "Altyapı"),
    ("release-engineering", "Release Engineering and Packaging", "Ingeniería de versiones y empaquetado",
     "Ingénierie des versions et empaquetage", "Ingegneria dei rilasci e pacchettizzazione",
     "Release Engineering und Paketierung", "发布工程与打包", "Vrystellingsingenieurswese en verpakking",
     "Μηχανική εκδόσεων και πακετάρισμα", "Sürüm Mühendisliği ve Paketleme"),
    ("security", "Security", "Seguridad", "Sécurité", "Sicurezza", "Sicherheit", "安全", "Sekuriteit", "Ασφάλεια",
     "Güvenlik"),
    ("web", "Web", "Web", "Web", "Web", "Web", "网站", "Web", "Ιστός", "Web"),
    ("community", "Community", "Comunidad", "Communauté", "Comunità", "Community", "社区", "Gemeenskap",
     "Κοινότητα", "Topluluk"),
    ("sigs", "SIGs", "SIG", "SIG", "SIG", "SIGs", "特别兴趣小组", "SIG's", "Ομάδες ειδικού ενδιαφέροντος", "SIG'ler"),
    ("sponsors", "Sponsors", "Patrocinadores", "Sponsors", "Sponsor", "Sponsoren", "赞助商", "Borge", "Χορηγοί",
     "Sponsorlar"),
    ("legal", "Legal", "Asuntos legales", "Juridique", "Questioni legali", "Recht", "法律事务", "Regsake",
     "Νομικά", "Hukuki"),
    ("localization", "Localization", "Localización", "Localisation", "Localizzazione", "Lokalisierung", "本地化",
     "Lokalisering", "Τοπικοποίηση", "Yerelleştirme"),
]
LANGS = ["en", "es", "fr", "it", "de", "zh_hans", "af", "el", "tr"]


def create_topics(apps, schema_editor):
    Topic = apps.get_model("news", "Topic")
    for order, (slug, *names) in enumerate(TOPICS):
        values = {f"name_{lang}": name for lang, name in zip(LANGS, names, strict=True)}
        values["name"] = values["name_en"]
        Topic.objects.update_or_create(slug=slug, defaults={"sort_order": order, **values})


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]
    operations = [migrations.RunPython(create_topics, migrations.RunPython.noop)]
