"""The clinic report as files: a CSV of its days and the print page as a PDF."""

import datetime

from django.contrib.staticfiles import finders
from django.http import HttpResponse

from foods.formatting import ug_cell
from k2lib.csv_files import csv_response

from .report import ClinicReport


def report_csv(report: ClinicReport) -> HttpResponse:
    """The report day by day, one row a day, µg as every CSV of the site writes them."""
    usual = report.usual.total if report.usual else None
    header = ["date", "logged", "k1_ug", "mk4_ug", "mk7_ug", "total_ug", "avg_4_day_ug"]
    header += ["avg_7_day_ug", "usual_mean_ug", "usual_sd_ug", "inr", "dose_change"]
    inrs: dict[datetime.date, list[str]] = {}
    for line in report.inrs:
        inrs.setdefault(line.inr.day, []).append(str(line.inr.value))
    doses: dict[datetime.date, list[str]] = {}
    for dose in report.doses:
        doses.setdefault(dose.day, []).append(
            f"{dose.mg_per_day} mg/day" if dose.mg_per_day is not None else dose.weekly_schedule
        )
    rows = (
        [
            day.day.isoformat(),
            "yes" if day.logged else "no",
            *(ug_cell(v) for v in (day.k1, day.mk4, day.mk7, day.total, day.last_4, day.last_7)),
            ug_cell(usual.mean) if usual else "",
            ug_cell(usual.sd) if usual else "",
            " ".join(inrs.get(day.day, [])),
            "; ".join(doses.get(day.day, [])),
        ]
        for day in report.days
    )
    return csv_response(
        f"k2-clinic-report-{report.first.isoformat()}-to-{report.last.isoformat()}.csv",
        header,
        rows,
    )


def html_to_pdf(html: str) -> bytes:
    """The print template's HTML as a PDF (WeasyPrint). Nothing is fetched while printing,
    whatever the HTML names (an image or a style at file://, http://, data:…): the fetcher
    refuses every URL, and the print style sheet is read here and handed over as text."""
    from weasyprint import CSS, HTML  # imported here: a heavy import only the PDF needs
    from weasyprint.urls import URLFetcher

    class RefuseEveryUrl(URLFetcher):
        def fetch(self, url: str, headers: object = None) -> None:
            raise ValueError(f"Nothing is fetched while making a PDF ({url[:60]!r}).")

    fetcher = RefuseEveryUrl()
    path = finders.find("css/anticoagulation-print.css")
    styles = []
    if isinstance(path, str):
        with open(path, encoding="utf-8") as sheet:
            styles.append(CSS(string=sheet.read(), url_fetcher=fetcher))
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=styles)
    return pdf
