"""``field__any_of=[...]``: membership in a long list of values with one query parameter.

Django's ``__in`` sends one parameter per value. For the thousands of BSNs or dossier ids an import
batch looks up at once, the database driver then spends its time splitting and binding the query;
on PostgreSQL ``= ANY(%s)`` takes the whole list as one array. Elsewhere it is ``__in``.
"""

from django.db.models import Field, ForeignKey, Lookup
from django.db.models.lookups import In


@ForeignKey.register_lookup  # a relation has lookups of its own: ``dossier__any_of=[ids]``
@Field.register_lookup
class AnyOf(Lookup):
    lookup_name = "any_of"

    def get_prep_lookup(self):
        return [self.lhs.output_field.get_prep_value(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            return In(self.lhs, list(self.rhs)).as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        values = [field.get_db_prep_value(value, connection, prepared=True) for value in self.rhs]
        return f"{lhs} = ANY(%s)", [*lhs_params, values]
