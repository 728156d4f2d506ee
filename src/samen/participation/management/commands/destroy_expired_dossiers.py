from django.core.management.base import BaseCommand

from samen.participation import retention


class Command(BaseCommand):
    help = (
        "Destroy dossiers closed more than ten years ago, with everything in them. Without --commit "
        "it only counts them. Leaves a destruction record per municipality without personal data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--commit", action="store_true", help="Really destroy (default: only count)."
        )

    def handle(self, *args, commit=False, **options):
        due = list(retention.due_for_destruction())
        if not commit:
            self.stdout.write(
                f"{len(due)} dossier(s) closed before {retention.cutoff():%Y-%m-%d} are due for "
                "destruction. Run again with --commit to destroy them."
            )
            return
        records = retention.destroy(due, performed_by="beheercommando destroy_expired_dossiers")
        total = sum(record.dossier_count for record in records)
        self.stdout.write(self.style.SUCCESS(f"Destroyed {total} dossier(s)."))
