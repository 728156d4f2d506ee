class ReplicaRouter:
    """Reads may go to the replica when the code asks for it with ``.using("replica")``.

    Writes and ordinary reads stay on the primary, so nothing reads its own write from a lagging
    replica; reports and exports opt in explicitly.
    """

    def db_for_read(self, model, **hints):
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
