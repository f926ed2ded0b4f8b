"""deploy/kubernetes/ is valid against Kubernetes' own schemas (kubernetes-validate bundles them:
offline), and every workload runs as the image expects it: non-root, read-only root file
system, bounded resources, secrets as files."""

from __future__ import annotations

import copy
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MANIFESTES = sorted((ROOT / "deploy" / "kubernetes").glob("*.yaml"))
VERSION = "1.30.0"  # the oldest Kubernetes the manifests target (CronJob timeZone is GA since 1.27)


def documents() -> list[tuple[str, dict]]:
    return [
        (f"{chemin.name}:{doc['kind']}/{doc['metadata']['name']}", doc)
        for chemin in MANIFESTES
        if chemin.name != "kustomization.yaml"
        for doc in yaml.safe_load_all(chemin.read_text())
        if doc
    ]


def pods() -> list[tuple[str, dict]]:
    """(name, pod spec) of every workload."""
    trouves = []
    for nom, doc in documents():
        if doc["kind"] in ("Deployment", "Job"):
            trouves.append((nom, doc["spec"]["template"]["spec"]))
        elif doc["kind"] == "CronJob":
            trouves.append((nom, doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]))
    return trouves


@pytest.mark.parametrize(("nom", "doc"), documents(), ids=[n for n, _ in documents()])
def test_manifest_is_valid_for_kubernetes(nom, doc):
    kubernetes_validate.validate(doc, VERSION, strict=True)


def test_the_validator_refuses_a_broken_manifest():
    (_, deployment) = next((n, d) for n, d in documents() if d["kind"] == "Deployment")
    casse = copy.deepcopy(deployment)
    casse["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["cpu"] = {"beaucoup": True}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(casse, VERSION, strict=True)
    casse = copy.deepcopy(deployment)
    casse["spec"]["replicas"] = "trois"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(casse, VERSION, strict=True)


def test_the_hub_has_what_scaling_needs():
    sortes = {(d["kind"], d["metadata"]["name"]) for _, d in documents()}
    assert {
        ("Deployment", "hub"),
        ("Deployment", "hub-worker"),
        ("Job", "hub-migrate"),
        ("HorizontalPodAutoscaler", "hub"),
        ("PodDisruptionBudget", "hub"),
        ("Service", "hub"),
        ("ConfigMap", "hub-config"),
        ("Secret", "hub-secrets"),
    } <= sortes
    hub = next(d for _, d in documents() if d["kind"] == "Deployment" and d["metadata"]["name"] == "hub")
    (conteneur,) = hub["spec"]["template"]["spec"]["containers"]
    assert {"readinessProbe", "livenessProbe", "startupProbe"} <= conteneur.keys()
    assert conteneur["readinessProbe"]["exec"]["command"] == ["python", "-m", "hub.healthcheck"]


@pytest.mark.parametrize(("nom", "pod"), pods(), ids=[n for n, _ in pods()])
def test_every_workload_is_non_root_read_only_bounded(nom, pod):
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] == 10001
    assert pod["automountServiceAccountToken"] is False
    for conteneur in pod.get("initContainers", []) + pod["containers"]:
        securite = conteneur["securityContext"]
        assert securite["readOnlyRootFilesystem"] is True and securite["allowPrivilegeEscalation"] is False
        assert {"requests", "limits"} <= conteneur["resources"].keys()
        assert "/tmp" in {m["mountPath"] for m in conteneur["volumeMounts"]}
        # secrets as files, never as values in the environment
        variables = {e["name"]: e for e in conteneur["env"]}
        assert "SECRET_KEY" not in variables and "DATABASE_URL" not in variables
        assert variables["EPDS_ENCRYPTION_KEYS_FILE"]["value"].startswith("/run/secrets/hub/")


def test_the_secret_example_holds_no_real_secret():
    secret = next(d for _, d in documents() if d["kind"] == "Secret")
    assert all("replace-me" in valeur for valeur in secret["stringData"].values())
