"""The flows of a server, one row each: where a request enters, where it is checked and
recorded, which conductor task carries it (when it has several steps or needs the
scheduler) and which compute-host steps run it, in order. Every entry is the function (or
task class) itself, so go-to-definition leads to the code.

How to read a row, e.g. ``resize``: the REST handler (``rest``) validates the body and the
policy; the compute API method (``api``: the facade ``compute.api.API`` assembled from
``ActionsMixin``, ``image_actions.ImageActionsMixin``, ``moves.MovesMixin``,
``volumes.VolumesMixin``) checks lock and state, sets the task state, records the instance
action and casts; the conductor entry and task (``conductor``) schedule and hand over to
the hosts; the ``compute`` steps are ``ComputeManager`` methods (assembled from
``image_manager``, ``move_manager``, ``volume_manager``, ``server_extras_manager``), each
one an RPC method of ``compute/rpcapi.py`` of the same name, cast to the host that runs it.

A new server action is a row here too: ``tests/unit/compute/test_flows.py`` fails when a
server action of ``api/compute/server_actions.py`` ``ACTIONS`` or a compute RPC method is
in no row, or when an entry is not callable. Live migration (``os-migrateLive``) is not
served by novalite.

This module sits above every floor it references (it is the map of the house, nothing
imports it but the tests and readers).
"""
import dataclasses

from novalite.api.compute import server_actions
from novalite.api.compute import server_floating_ips
from novalite.api.compute import server_image_actions
from novalite.api.compute import server_moves
from novalite.api.compute import server_subresources
from novalite.api.compute import servers
from novalite.api.compute import volume_attachments
from novalite.compute import api as compute_api
from novalite.compute import floating_ips
from novalite.compute import image_actions
from novalite.compute import image_manager
from novalite.compute import manager
from novalite.compute import move_manager
from novalite.compute import moves
from novalite.compute import security_groups
from novalite.compute import server_extras
from novalite.compute import server_extras_manager
from novalite.compute import volume_manager
from novalite.compute import volumes
from novalite.conductor import manager as conductor
from novalite.conductor.tasks import build
from novalite.conductor.tasks import image_actions as image_tasks
from novalite.conductor.tasks import migrate

_Actions = server_actions.ServerActionsController
_ImageActions = server_image_actions.ImageActionsController
_Moves = server_moves.MovesController
_FloatingIps = server_floating_ips.FloatingIpActionsMixin
_API = compute_api.ActionsMixin
_ImageAPI = image_actions.ImageActionsMixin
_MovesAPI = moves.MovesMixin
_VolumesAPI = volumes.VolumesMixin
_Manager = manager.ComputeManager
_ImageManager = image_manager.ImageActionsManagerMixin
_MovesManager = move_manager.MovesManagerMixin
_VolumesManager = volume_manager.VolumesManagerMixin
_ExtrasManager = server_extras_manager.ServerExtrasManagerMixin
_Conductor = conductor.ConductorManager


@dataclasses.dataclass(frozen=True)
class Flow:
    name: str
    rest: tuple          # REST handlers that start it (controller functions)
    api: tuple           # compute-side checks, action record and cast (compute.api, ...)
    conductor: tuple = ()  # conductor entry (ConductorManager method) and its task(s)
    compute: tuple = ()  # ComputeManager steps, in the order they run on the hosts
    note: str = ''


FLOWS = (
    # ----------------------------------------------------------------- life cycle
    Flow('boot', rest=(servers.ServersController.create,),
         api=(compute_api.API.create,),
         conductor=(_Conductor.schedule_and_build_instances, build.ScheduleAndBuildTask,
                    _Conductor.reschedule_instance, build.RescheduleTask),
         compute=(_Manager.build_and_run_instance,),
         note='a failed build on a host casts reschedule_instance to try an alternate'),
    Flow('delete', rest=(servers.ServersController.delete, _ImageActions._force_delete),
         api=(compute_api.API.delete, _ImageAPI.force_delete),
         compute=(_Manager.terminate_instance,)),
    Flow('soft delete', rest=(servers.ServersController.delete,),
         api=(_ImageAPI.soft_delete,), compute=(_ImageManager.soft_delete_instance,),
         note='DELETE when [DEFAULT] reclaim_instance_interval > 0'),
    Flow('restore', rest=(_ImageActions._restore,), api=(_ImageAPI.restore,),
         compute=(_ImageManager.restore_instance,)),
    # ----------------------------------------------------------------- power and guest
    Flow('reboot', rest=(_Actions._reboot,), api=(_API.reboot,),
         compute=(_Manager.reboot_instance,)),
    Flow('stop', rest=(_Actions._stop,), api=(_API.stop,), compute=(_Manager.stop_instance,)),
    Flow('start', rest=(_Actions._start,), api=(_API.start,),
         compute=(_Manager.start_instance,)),
    Flow('pause', rest=(_Actions._pause,), api=(_API.pause,),
         compute=(_Manager.pause_instance,)),
    Flow('unpause', rest=(_Actions._unpause,), api=(_API.unpause,),
         compute=(_Manager.unpause_instance,)),
    Flow('suspend', rest=(_Actions._suspend,), api=(_API.suspend,),
         compute=(_Manager.suspend_instance,)),
    Flow('resume', rest=(_Actions._resume,), api=(_API.resume,),
         compute=(_Manager.resume_instance,)),
    Flow('rescue', rest=(_Actions._rescue,), api=(_API.rescue,),
         compute=(_Manager.rescue_instance,)),
    Flow('unrescue', rest=(_Actions._unrescue,), api=(_API.unrescue,),
         compute=(_Manager.unrescue_instance,)),
    Flow('change password', rest=(_Actions._change_password,),
         api=(_API.set_admin_password,), compute=(_Manager.set_admin_password,)),
    Flow('crash dump', rest=(_Actions._trigger_crash_dump,), api=(_API.trigger_crash_dump,),
         compute=(_Manager.trigger_crash_dump,)),
    Flow('console output', rest=(_Actions._console_output,), api=(_API.get_console_output,),
         compute=(_Manager.get_console_output,), note='an RPC call: the answer is the log'),
    Flow('inject network info', rest=(_Actions._inject_network_info,),
         api=(_API.inject_network_info,), compute=(_Manager.inject_network_info,)),
    Flow('lock', rest=(_Actions._lock, _Actions._unlock), api=(_API.lock, _API.unlock),
         note='the record only'),
    Flow('reset state', rest=(_Actions._reset_state,), api=(_API.reset_state,),
         note='the record only'),
    # ----------------------------------------------------------------- images
    Flow('snapshot', rest=(_ImageActions._create_image,),
         api=(_ImageAPI.snapshot, _VolumesAPI.snapshot_volume_backed),
         compute=(_ImageManager.snapshot_instance,),
         note='a volume-backed server is snapshotted here, from its volumes: no host step'),
    Flow('backup', rest=(_ImageActions._create_backup,), api=(_ImageAPI.backup,),
         compute=(_ImageManager.backup_instance,)),
    Flow('shelve', rest=(_ImageActions._shelve,), api=(_ImageAPI.shelve,),
         compute=(_ImageManager.shelve_instance, _ImageManager.shelve_offload_instance),
         note='offloaded at once when [DEFAULT] shelved_offload_time is 0'),
    Flow('shelve offload', rest=(_ImageActions._shelve_offload,),
         api=(_ImageAPI.shelve_offload,), compute=(_ImageManager.shelve_offload_instance,)),
    Flow('unshelve', rest=(_ImageActions._unshelve,), api=(_ImageAPI.unshelve,),
         conductor=(_Conductor.unshelve_instance, image_tasks.UnshelveTask),
         compute=(_ImageManager.unshelve_instance,),
         note='an offloaded server is scheduled again; a shelved one unshelves in place'),
    Flow('rebuild', rest=(_ImageActions._rebuild,), api=(_ImageAPI.rebuild,),
         conductor=(_Conductor.rebuild_instance, image_tasks.RebuildTask),
         compute=(_ImageManager.rebuild_instance,)),
    # ----------------------------------------------------------------- moves
    Flow('resize', rest=(_Moves._resize,), api=(_MovesAPI.resize,),
         conductor=(_Conductor.migrate_server, migrate.MigrationTask),
         compute=(_MovesManager.prep_resize, _MovesManager.resize_instance,
                  _MovesManager.finish_resize),
         note='prep_resize on the destination, resize_instance on the source, '
              'finish_resize on the destination; the server ends VERIFY_RESIZE'),
    Flow('migrate', rest=(_Moves._migrate,), api=(_MovesAPI.resize,),
         conductor=(_Conductor.migrate_server, migrate.MigrationTask),
         compute=(_MovesManager.prep_resize, _MovesManager.resize_instance,
                  _MovesManager.finish_resize),
         note='a resize to the same flavor (cold migration)'),
    Flow('confirm resize', rest=(_Moves._confirm_resize,), api=(_MovesAPI.confirm_resize,),
         conductor=(_Conductor.confirm_unconfirmed_resizes,),
         compute=(_MovesManager.confirm_resize,),
         note='the source cleans up; the conductor entry is the periodic auto-confirm'),
    Flow('revert resize', rest=(_Moves._revert_resize,), api=(_MovesAPI.revert_resize,),
         compute=(_MovesManager.revert_resize, _MovesManager.finish_revert_resize),
         note='revert_resize on the destination, finish_revert_resize on the source'),
    Flow('evacuate', rest=(_Moves._evacuate,), api=(_MovesAPI.evacuate,),
         conductor=(_Conductor.evacuate_server, migrate.EvacuateTask),
         compute=(_MovesManager.evacuate_instance,),
         note='rebuilt on another host; the failed host cleans up when it comes back '
              '(evacuations_to_clean)'),
    # ----------------------------------------------------------------- volumes
    Flow('volume attach', rest=(volume_attachments.VolumeAttachmentController.create,),
         api=(_VolumesAPI.attach_volume,), compute=(_VolumesManager.attach_volume,),
         note='a shelved-offloaded server attaches in the record only'),
    Flow('volume detach', rest=(volume_attachments.VolumeAttachmentController.delete,),
         api=(_VolumesAPI.detach_volume,), compute=(_VolumesManager.detach_volume,)),
    Flow('volume swap', rest=(volume_attachments.VolumeAttachmentController.update,),
         api=(_VolumesAPI.swap_volume, _VolumesAPI.update_volume_attachment),
         compute=(_VolumesManager.swap_volume,),
         note='from 2.85 an update that keeps the volume changes delete_on_termination '
              'only (no host step)'),
    # ----------------------------------------------------------------- network
    Flow('interface attach',
         rest=(server_subresources.InterfaceAttachmentController.create,),
         api=(server_extras.ServerExtras.attach_interface,),
         compute=(_ExtrasManager.attach_interface,)),
    Flow('interface detach',
         rest=(server_subresources.InterfaceAttachmentController.delete,),
         api=(server_extras.ServerExtras.detach_interface,),
         compute=(_ExtrasManager.detach_interface,)),
    Flow('security groups', rest=(_Actions._add_security_group, _Actions._remove_security_group),
         api=(security_groups.SecurityGroupAPI.add_to_instance,
              security_groups.SecurityGroupAPI.remove_from_instance),
         note="the server's ports, over the network service's REST API"),
    Flow('floating ips', rest=(_FloatingIps._add_floating_ip, _FloatingIps._remove_floating_ip),
         api=(floating_ips.get_by_address, floating_ips.refresh_cache),
         note='the port association over the network service; the info cache refreshed'),
    # ----------------------------------------------------------------- reads from the host
    Flow('diagnostics', rest=(server_subresources.ServerDiagnosticsController.index,),
         api=(server_extras.ServerExtras.get_diagnostics,),
         compute=(_ExtrasManager.get_diagnostics, _ExtrasManager.get_instance_diagnostics),
         note='an RPC call; get_instance_diagnostics from 2.48'),
)

BY_NAME = {flow.name: flow for flow in FLOWS}
