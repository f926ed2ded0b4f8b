# The delivery rows share hub.models.EnvoiCourriel: the notification's « envoyée le » column is
# renamed (its data kept), the verbose names follow the shared fields.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('epds', '0011_fusion_sans_test_envoi_pro'),
    ]

    operations = [
        migrations.RenameField(
            model_name='notification',
            old_name='envoyee_le',
            new_name='envoye_le',
        ),
        migrations.AlterField(
            model_name='notification',
            name='envoye_le',
            field=models.DateTimeField(blank=True, null=True, verbose_name='envoyé le'),
        ),
        migrations.AlterField(
            model_name='envoiresultatpro',
            name='envoye_le',
            field=models.DateTimeField(blank=True, null=True, verbose_name='envoyé le'),
        ),
    ]
