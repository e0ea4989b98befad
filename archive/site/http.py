"""What every public answer shares, pages, API, feeds and files alike: conditional GET,
public caching, the language asked by ``?lang=``, redirects from renamed slugs, and the page
that says what is wrong with a list's parameters.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from archive.models import Event, SlugRedirect, Speaker, Statement
from archive.site.canonical import BadQuery
from archive.versioning import COMPARED_AS, current_state, last_modified, page_validators

CACHE_SECONDS = 300


def archive_last_modified():
    """When the public content last changed: the time of the content version, which every
    change moves (imports, edits, hiding, merges; ``archive.changes``), never after now."""
    return last_modified(current_state(max_age=settings.PAGE_CACHE_VERSION_SECONDS)[1])


class PublicMixin:
    """Every public page: conditional GET, public caching, and redirects from renamed slugs.

    The same content is served to everyone, so responses are public; they vary on the
    language (cookie or Accept-Language). Their validators come from the content version
    (``archive.versioning.page_validators``): the ETag is the version, the language and the
    release, and ``Last-Modified`` the version's time, never later than now. The outer
    ConditionalGetMiddleware (``archive.site.middleware``), which also answers the page cache's
    hits, keeps this ETag and compares dates as this page says (``COMPARED_AS``).
    """

    redirect_model: str | None = None  # "statement", "event" or "speaker"
    redirect_namespace = "archive"  # where the renamed record's URL is reversed

    def dispatch(self, request, *args, **kwargs):
        # ``?lang=en``: this page in that language, whatever the reader's choice (the address
        # that ``hreflang`` alternates give search engines for each language).
        self.language = chosen_language(request)
        if self.language:
            translation.activate(self.language)
            request.LANGUAGE_CODE = self.language
        validators = page_validators(max_age=settings.PAGE_CACHE_VERSION_SECONDS)
        etag = validators.etag(translation.get_language())
        response = get_conditional_response(
            request, etag=etag, last_modified=validators.compared_as
        )
        if response is None:
            try:
                response = super().dispatch(request, *args, **kwargs)
            except Http404:
                target = self.renamed_url()
                if target is not None:
                    response = HttpResponsePermanentRedirect(target)
                else:
                    response = self.gone_response()
                    if response is None:
                        raise
        if response.status_code in (200, 304):
            response.headers.setdefault("ETag", etag)
            if validators.last_modified:
                response.headers.setdefault("Last-Modified", http_date(validators.last_modified))
                if validators.compared_as != validators.last_modified:
                    response.headers[COMPARED_AS] = str(validators.compared_as)
        if response.status_code in (200, 301, 304):
            patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        else:
            patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
        return response

    def renamed_url(self) -> str | None:
        """The current URL of a renamed record (following a few renames in a row)."""
        if self.redirect_model is None:
            return None
        visible = {
            "statement": Statement.objects.public(),
            "event": Event.objects.public(),
            "speaker": Speaker.objects.public(),
        }[self.redirect_model]
        slug, seen = self.kwargs.get("slug"), set()
        while slug and slug not in seen and len(seen) < 5:
            seen.add(slug)
            slug = (
                SlugRedirect.objects.filter(model=self.redirect_model, old_slug=slug)
                .values_list("new_slug", flat=True)
                .first()
            )
            if slug and visible.filter(slug=slug).exists():
                url = reverse(
                    f"{self.redirect_namespace}:{self.redirect_model}_detail",
                    kwargs={"slug": slug},
                )
                query = self.request.META.get("QUERY_STRING")
                return f"{url}?{query}" if query else url
        return None

    def gone_response(self):
        """The answer for a record taken off the public site (None: a plain 404)."""
        return None

    def canonical_path(self) -> str:
        """The one address of this page that search engines and shared links should use."""
        return self.request.path

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        path = self.canonical_path()
        context["canonical_url"] = self.request.build_absolute_uri(
            with_language(path, self.language) if self.language else path
        )
        context["language_alternates"] = [
            (code, self.request.build_absolute_uri(with_language(path, code)))
            for code, _name in settings.LANGUAGES
        ] + [("x-default", self.request.build_absolute_uri(path))]
        return context


LANGUAGE_PARAMETER = "lang"


def chosen_language(request) -> str | None:
    """The language ``?lang=`` asks for, if the site has it."""
    code = request.GET.get(LANGUAGE_PARAMETER, "")
    return code if code in dict(settings.LANGUAGES) else None


def with_language(path: str, code: str) -> str:
    """``path`` (with or without a query) in the language ``code``: '/statements/?lang=en'."""
    return f"{path}{'&' if '?' in path else '?'}{LANGUAGE_PARAMETER}={code}"


def without_language(query_string: str) -> str:
    return "&".join(
        part
        for part in query_string.split("&")
        if part and not part.startswith(f"{LANGUAGE_PARAMETER}=")
    )


def bad_query_response(request, bad: BadQuery, *, list_url: str) -> TemplateResponse:
    return TemplateResponse(
        request,
        "archive/bad_query.html",
        {"problems": bad.problems, "list_url": list_url},
        status=400,
    )
