"""Admin for campaigns and the money records. Donations are read-only here: they are written
only by the recording services from provider events. Totals by month and frequency sit above
the list; CSV export needs the `donations.export_donations` permission."""

from __future__ import annotations

import csv

from django.contrib import admin
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import admin_guards

from .models import Campaign, Donation, ProcessedEvent, RecurringGift, format_money

CSV_COLUMNS = (
    "reference",
    "created_at",
    "paid_at",
    "state",
    "amount_cents",
    "currency",
    "frequency",
    "email",
    "name",
    "provider",
    "provider_checkout_id",
    "provider_payment_id",
    "provider_customer_id",
)


@admin.register(Campaign)
class CampaignAdmin(admin_guards.ModelAdmin):
    list_display = ("name", "title", "starts_at", "ends_at", "show_banner", "show_after_story")
    list_filter = ("show_banner", "show_after_story", "show_support_page")
    search_fields = ("name", "title")
    fieldsets = (
        (None, {"fields": ("name", "title", "message")}),
        (
            _("Amounts"),
            {
                "fields": (
                    "currency",
                    "amounts_once",
                    "amounts_monthly",
                    "amounts_annual",
                    "default_frequency",
                    "default_amount_cents",
                    "minimum_cents",
                    "maximum_cents",
                )
            },
        ),
        (
            _("When and where"),
            {
                "fields": (
                    "starts_at",
                    "ends_at",
                    "show_banner",
                    "show_after_story",
                    "show_support_page",
                )
            },
        ),
    )


class ReadOnlyAdmin(admin_guards.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Donation)
class DonationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "amount", "frequency", "state", "email", "name", "provider")
    list_filter = ("state", "frequency", "provider", "currency", "campaign", "created_at")
    search_fields = ("email", "name", "reference", "provider_checkout_id", "provider_payment_id")
    date_hierarchy = "created_at"
    actions = ["export_donations"]
    change_list_template = "admin/donations/donation/change_list.html"

    @admin.display(description=_("amount"), ordering="amount_cents")
    def amount(self, obj: Donation) -> str:
        return obj.amount_display

    @admin.action(description=_("Export selected donations as CSV"), permissions=["export"])
    def export_donations(self, request: HttpRequest, queryset) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="donations-{stamp}.csv"'
        writer = csv.writer(response)
        writer.writerow(CSV_COLUMNS)
        for donation in queryset.order_by("created_at"):
            row = [getattr(donation, column) for column in CSV_COLUMNS]
            # Neutralise spreadsheet formulas in donor-supplied text.
            writer.writerow(["'" + v if isinstance(v, str) and v[:1] in "=+-@" else v for v in row])
        return response

    def has_export_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("donations.export_donations")

    def changelist_view(self, request: HttpRequest, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context_data = getattr(response, "context_data", None)  # absent on redirects
        changelist = context_data.get("cl") if context_data else None
        if context_data is not None and changelist is not None:
            rows = (
                changelist.queryset.filter(state=Donation.State.PAID)
                .annotate(month=TruncMonth("paid_at"))
                .values("month", "frequency", "currency")
                .annotate(total=Sum("amount_cents"), count=Count("pk"))
                .order_by("-month", "frequency", "currency")
            )
            context_data["totals"] = [
                {**row, "total_display": format_money(row["total"], row["currency"])}
                for row in rows
            ]
        return response


@admin.register(RecurringGift)
class RecurringGiftAdmin(ReadOnlyAdmin):
    list_display = ("started_at", "amount", "frequency", "state", "email", "provider")
    list_filter = ("state", "frequency", "provider", "currency")
    search_fields = ("email", "name", "provider_subscription_id")

    @admin.display(description=_("amount"), ordering="amount_cents")
    def amount(self, obj: RecurringGift) -> str:
        return obj.amount_display


@admin.register(ProcessedEvent)
class ProcessedEventAdmin(ReadOnlyAdmin):
    list_display = ("processed_at", "provider", "event_type", "event_id")
    list_filter = ("provider", "event_type")
    search_fields = ("event_id",)
