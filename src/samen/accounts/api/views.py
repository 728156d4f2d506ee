from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from .serializers import MeSerializer


class MeView(APIView):
    """The logged-in user, their roles in force and the permissions that follow from them."""

    @extend_schema(responses=MeSerializer, summary="Current user and roles")
    def get(self, request):
        return Response(MeSerializer(request.user).data)
