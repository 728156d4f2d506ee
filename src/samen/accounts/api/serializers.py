from rest_framework import serializers

from ..models import Membership, User


class MembershipSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    municipality = serializers.SlugRelatedField(slug_field="uuid", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "role",
            "region",
            "municipality",
            "mandate_reference",
            "valid_from",
            "valid_until",
        ]


class MeSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(source="active_memberships", many=True, read_only=True)
    permissions = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["uuid", "email", "full_name", "memberships", "permissions"]

    def get_permissions(self, user) -> list[str]:
        return sorted(user.get_all_permissions())
