"""Cross-cutting registrations, declared once: each app's `AppConfig` says which of its models
are public content and which of them grapple may expose; the hub reads them here.

- `content_models`: a change to one of them advances the generation of the response cache
  (`hub.api.cache`), so that no answer computed from the old rows is served again; so does
  the deletion of what is derived from them (`THIRD_PARTY_DERIVED`: renditions). `"__all__"`
  for every model of the app, or the model names; `not_content_models`: the app's bookkeeping
  (logs, deliveries, private requests), whose changes leave the cache valid.
- `grapple_models`: an allow-list. grapple builds a GraphQL type for every model of the apps it
  is given; the hub gives it none (`GRAPPLE["APPS"]` is empty) and hands it only the models
  listed (`register_grapple_models`, run by `HubConfig.ready` before grapple's own `ready` builds
  their fields). A model that is not listed never gets a type: follow-up cases, contact
  requests and submissions are never reachable through grapple, whatever their app.

Declared as attributes rather than registered from `ready()`: the hub is the first installed
app, its `ready` runs before the others', and every `AppConfig` exists by then.
"""

from __future__ import annotations

from functools import lru_cache

from django.apps import apps

ALL = "__all__"

# Wagtail's own content (pages, images, documents, tags), minus its bookkeeping.
THIRD_PARTY_CONTENT = {"wagtailcore": ALL, "wagtailimages": ALL, "wagtaildocs": ALL, "taggit": ALL}
THIRD_PARTY_NOT_CONTENT = {
    "wagtailcore": (
        "revision",
        "pagelogentry",
        "modellogentry",
        "pagesubscription",
        "workflowstate",
        "taskstate",
        "comment",
        "commentreply",
        "referenceindex",
        "uploadedfile",
    ),
    "wagtailimages": ("rendition",),
}


# Made from content when it is read (an image's renditions): creating one changes no answer,
# deleting one does (an answer kept since may point to its file). Their deletion is a change.
THIRD_PARTY_DERIVED = {"wagtailimages": ("rendition",)}


@lru_cache(maxsize=1)
def _content() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(apps whose every model is content, content models, models that are not content)."""
    whole_apps, models, excluded = set(), set(), set()
    for config in apps.get_app_configs():
        declared = getattr(config, "content_models", THIRD_PARTY_CONTENT.get(config.label, ()))
        if declared == ALL:
            whole_apps.add(config.label)
        else:
            models.update(f"{config.label}.{name.lower()}" for name in declared)
        not_content = getattr(config, "not_content_models", THIRD_PARTY_NOT_CONTENT.get(config.label, ()))
        excluded.update(f"{config.label}.{name.lower()}" for name in not_content)
    return frozenset(whole_apps), frozenset(models), frozenset(excluded)


def is_content(model) -> bool:
    whole_apps, models, excluded = _content()
    label = model._meta.label_lower
    if label in excluded:
        return False
    return model._meta.app_label in whole_apps or label in models


def is_content_deletion(model) -> bool:
    """Deleting a row of `model` changes answers: content, or derived from it."""
    return is_content(model) or model._meta.model_name in THIRD_PARTY_DERIVED.get(model._meta.app_label, ())


def grapple_models() -> list[type]:
    """The models grapple may expose, in the order of the apps, then of their declarations."""
    return [
        config.get_model(name)
        for config in apps.get_app_configs()
        for name in getattr(config, "grapple_models", ())
    ]


def register_grapple_models() -> None:
    """Hands grapple the allowed models. Runs before grapple's `ready` (the hub is the first
    installed app), which then builds their fields as it does for the apps it is given."""
    from grapple.actions import register_model
    from grapple.registry import registry

    for model in grapple_models():
        if model not in registry.class_models:
            register_model(model, "")
