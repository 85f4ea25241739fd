"""Federated learning at the edge: the operational carbon of client devices (paper Appendix B).

The paper (Appendix B, "On-Device Learning", following Qiu et al. 2021) estimates the carbon of a
federated-learning (FL) application from 90 days of production logs of the time each client spent
computing, downloading and uploading:

``kg CO2e = [compute_hours * device_power + (download_hours + upload_hours) * router_power]
* grid intensity``

with a device power of 3 W and a router power of 7.5 W; all other energy is omitted. The client
hours and the grid intensity were not published, so :func:`fl_hours` inverts the method: given
the kilograms of each component (digitized from Fig 11) and an assumed grid intensity, it returns
the device-hours and router-hours they imply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from carbonlib.methodology import validation as v
from carbonlib.methodology.operational import energy_kwh, operational_kg

__all__ = ["DEVICE_POWER_W", "ROUTER_POWER_W", "FLFootprint", "FLHours", "fl_footprint",
           "fl_hours"]

#: Power of a client device while it trains, in W (paper Appendix B, after [114], [115]).
DEVICE_POWER_W: float = 3.0
#: Power of the wireless router while a client downloads or uploads, in W (Appendix B).
ROUTER_POWER_W: float = 7.5

COMPONENTS: tuple[str, ...] = ("download", "upload", "compute")


@dataclass(frozen=True)
class FLFootprint:
    """Energy (kWh) and operational carbon (kg CO2e) of an FL application, per component.

    Fields hold floats or arrays (one element per scenario when the inputs are arrays).
    """

    download_kwh: Any
    upload_kwh: Any
    compute_kwh: Any
    download_kg: Any
    upload_kg: Any
    compute_kg: Any

    @property
    def total_kwh(self) -> Any:
        """Energy of all three components, in kWh."""
        return self.download_kwh + self.upload_kwh + self.compute_kwh

    @property
    def total_kg(self) -> Any:
        """Carbon of all three components, in kg CO2e."""
        return self.download_kg + self.upload_kg + self.compute_kg

    def kg(self) -> dict[str, Any]:
        """kg CO2e per component, in the order download, upload, compute."""
        return {c: getattr(self, f"{c}_kg") for c in COMPONENTS}


@dataclass(frozen=True)
class FLHours:
    """Client activity implied by an FL footprint: router-hours and device-hours."""

    download_router_hours: Any
    upload_router_hours: Any
    compute_device_hours: Any

    def hours(self) -> dict[str, Any]:
        """Hours per component, in the order download, upload, compute."""
        return {"download": self.download_router_hours, "upload": self.upload_router_hours,
                "compute": self.compute_device_hours}


def fl_footprint(compute_hours: Any, download_hours: Any, upload_hours: Any, *,
                 intensity_kg_per_kwh: Any, device_power_w: Any = DEVICE_POWER_W,
                 router_power_w: Any = ROUTER_POWER_W) -> FLFootprint:
    """Operational carbon of federated learning on client devices, per component.

    ``compute: compute_hours * device_power_w``, ``download`` and ``upload: hours *
    router_power_w``, each divided by 1000 for kWh and multiplied by the grid intensity. No PUE:
    the devices are not in a datacenter.

    Parameters
    ----------
    compute_hours : float or array_like
        Client device-hours spent training, summed over all clients (>= 0).
    download_hours, upload_hours : float or array_like
        Client hours spent downloading and uploading (router-hours, >= 0).
    intensity_kg_per_kwh : float or array_like
        Carbon intensity of the electricity the clients and routers use, kg CO2e per kWh
        (>= 0). The paper does not state the value it used.
    device_power_w : float or array_like, default 3.0
        Power of a training client device, in W (>= 0).
    router_power_w : float or array_like, default 7.5
        Power of the router during a transfer, in W (>= 0).

    Returns
    -------
    FLFootprint
        kWh and kg CO2e of download, upload and compute, and their totals.

    Examples
    --------
    1000 device-hours of compute, 2000 h of download and 4000 h of upload at 0.4 kg/kWh:
    compute 1000 * 3 / 1000 * 0.4 = 1.2 kg; download 2000 * 7.5 / 1000 * 0.4 = 6 kg;
    upload 4000 * 7.5 / 1000 * 0.4 = 12 kg; total 19.2 kg

    >>> fp = fl_footprint(1000, 2000, 4000, intensity_kg_per_kwh=0.4)
    >>> round(fp.compute_kg, 6), round(fp.download_kg, 6), round(fp.total_kg, 6)
    (1.2, 6.0, 19.2)
    """
    v.all_nonnegative(compute_hours=compute_hours, download_hours=download_hours,
                      upload_hours=upload_hours, device_power_w=device_power_w,
                      router_power_w=router_power_w, intensity_kg_per_kwh=intensity_kg_per_kwh)
    kwh = {
        "download": energy_kwh(router_power_w, download_hours),
        "upload": energy_kwh(router_power_w, upload_hours),
        "compute": energy_kwh(device_power_w, compute_hours),
    }
    return FLFootprint(
        **{f"{c}_kwh": kwh[c] for c in COMPONENTS},
        **{f"{c}_kg": operational_kg(kwh[c], intensity_kg_per_kwh) for c in COMPONENTS},
    )


def fl_hours(download_kg: Any, upload_kg: Any, compute_kg: Any, *, intensity_kg_per_kwh: Any,
             device_power_w: Any = DEVICE_POWER_W, router_power_w: Any = ROUTER_POWER_W) -> FLHours:
    """Router-hours and device-hours implied by FL carbon per component (inverse of
    :func:`fl_footprint`).

    ``hours = kg / intensity_kg_per_kwh / (power_w / 1000)``, with the router power for download
    and upload and the device power for compute.

    Parameters
    ----------
    download_kg, upload_kg, compute_kg : float or array_like
        kg CO2e of each component (>= 0), e.g. digitized from Fig 11.
    intensity_kg_per_kwh : float or array_like
        Assumed carbon intensity of the clients' electricity, kg CO2e per kWh (> 0).
    device_power_w : float or array_like, default 3.0
        Power of a training client device, in W (> 0).
    router_power_w : float or array_like, default 7.5
        Power of the router during a transfer, in W (> 0).

    Returns
    -------
    FLHours
        Download and upload router-hours, compute device-hours.

    Examples
    --------
    6.5 kg of compute at 0.429 kg/kWh and 3 W: 6.5 / 0.429 / 0.003 = 5050.5 device-hours

    >>> round(fl_hours(0, 0, 6.5, intensity_kg_per_kwh=0.429).compute_device_hours, 1)
    5050.5
    """
    v.all_nonnegative(download_kg=download_kg, upload_kg=upload_kg, compute_kg=compute_kg)
    v.all_positive(intensity_kg_per_kwh=intensity_kg_per_kwh, device_power_w=device_power_w,
                   router_power_w=router_power_w)
    router_kg_per_hour = router_power_w / 1000.0 * intensity_kg_per_kwh
    device_kg_per_hour = device_power_w / 1000.0 * intensity_kg_per_kwh
    return FLHours(
        download_router_hours=download_kg / router_kg_per_hour,
        upload_router_hours=upload_kg / router_kg_per_hour,
        compute_device_hours=compute_kg / device_kg_per_hour,
    )
