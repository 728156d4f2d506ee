from rest_framework import serializers

from ..models import AllocationKey, Municipality, PopulationFigure, Region


class PopulationFigureSerializer(serializers.ModelSerializer):
    # Declared explicitly: the model field's range differs per database backend, the schema must not.
    inhabitants = serializers.IntegerField(min_value=1, read_only=True)

    class Meta:
        model = PopulationFigure
        fields = ["inhabitants", "reference_date", "source"]


class MunicipalitySerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    population = serializers.SerializerMethodField()

    class Meta:
        model = Municipality
        fields = ["uuid", "cbs_code", "name", "region", "population"]

    def get_population(self, municipality) -> PopulationFigureSerializer(allow_null=True):
        figure = next(iter(municipality.population_figures.all()), None)
        return PopulationFigureSerializer(figure).data if figure else None


class AllocationKeySerializer(serializers.ModelSerializer):
    municipalities = serializers.SlugRelatedField(slug_field="cbs_code", many=True, read_only=True)

    class Meta:
        model = AllocationKey
        fields = ["uuid", "name", "kind", "municipalities", "reference_date", "decision_reference"]


class RegionSerializer(serializers.ModelSerializer):
    municipalities = MunicipalitySerializer(many=True, read_only=True)
    allocation_keys = AllocationKeySerializer(many=True, read_only=True)

    class Meta:
        model = Region
        fields = ["uuid", "name", "description", "municipalities", "allocation_keys"]


class AllocationQuerySerializer(serializers.Serializer):
    amount = serializers.CharField(
        help_text="Amount in euros, plain decimal with at most two decimals: 100000 or 34000.50."
    )
    key = serializers.CharField(
        default="population",
        help_text="`population`, `equal`, or the UUID of one of the region's allocation keys.",
    )
    reference_date = serializers.DateField(
        required=False, help_text="Population figures in force on this date (default: the newest)."
    )
    municipalities = serializers.CharField(
        required=False,
        help_text="Comma-separated CBS codes to split over only these municipalities (population or equal).",
    )


class AllocationLineSerializer(serializers.Serializer):
    municipality = serializers.UUIDField(source="municipality.uuid")
    cbs_code = serializers.CharField(source="municipality.cbs_code")
    name = serializers.CharField(source="municipality.name")
    weight = serializers.DecimalField(max_digits=16, decimal_places=4)
    share_percentage = serializers.DecimalField(max_digits=4, decimal_places=1)
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)


class AllocationSerializer(serializers.Serializer):
    region = serializers.UUIDField(source="region.uuid")
    total = serializers.DecimalField(max_digits=16, decimal_places=2)
    key = serializers.CharField(source="key_code")
    key_label = serializers.CharField()
    reference_date = serializers.DateField(allow_null=True)
    lines = AllocationLineSerializer(many=True)
