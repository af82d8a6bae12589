from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = "Offers and scoring"

    def ready(self):
        from django.db.models.signals import post_migrate

        from offers import signals  # connects the receivers

        post_migrate.connect(signals.renew_after_migrate, sender=self)
