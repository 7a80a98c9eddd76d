from oslo_config import cfg

fake_group = cfg.OptGroup('fake_driver', title='Fake virt driver')

opts = [
    cfg.FloatOpt('cpu_allocation_ratio', default=16.0, min=0.0,
                 help='Virtual CPUs per physical CPU the scheduler may place.'),
    cfg.FloatOpt('ram_allocation_ratio', default=1.5, min=0.0,
                 help='Virtual RAM per physical RAM the scheduler may place.'),
    cfg.FloatOpt('disk_allocation_ratio', default=1.0, min=0.0,
                 help='Virtual disk per physical disk the scheduler may place.'),
    cfg.StrOpt('default_availability_zone', default='nova',
               help='Availability zone of compute hosts.'),
    cfg.StrOpt('default_floating_pool', default='public',
               help='The external network (name or id) os-floating-ips allocates from when '
                    'no pool is named (Nova\'s [neutron] default_floating_pool, set as '
                    'devstack sets it).'),
    cfg.FloatOpt('transitional_state_hold', default=0.0, min=0.0, max=3600.0,
                 help='Seconds every compute host holds each transitional state of a '
                      'server (the task states behind REBOOT, HARD_REBOOT, REBUILD, '
                      'RESIZE, MIGRATING, image SAVING, SHELVING, ...) before it moves on, '
                      'so that clients and test suites polling for them see them; 0 (the '
                      'default) moves on at once. The flavor extra spec / image property '
                      'novalite:delay_<step> slows one fake driver step instead.'),
    cfg.IntOpt('build_workers', default=200, min=1,
               help='Concurrent builds one compute service runs.'),
    # boot from volume: how long a build waits for the volumes it asks the block storage for
    cfg.IntOpt('block_device_allocate_retries', default=60, min=0,
               help='Checks of a new volume\'s status before a build gives up on it '
                    '(Nova\'s option).'),
    cfg.FloatOpt('block_device_allocate_retries_interval', default=3.0, min=0.0,
                 help='Seconds between those checks (Nova\'s option).'),
    # image-backed actions (shelve, soft delete) and the periodic tasks that finish them
    cfg.IntOpt('shelved_offload_time', default=0, min=-1,
               help='Seconds a shelved server keeps its host before it is offloaded: 0 '
                    'offloads at once, -1 never (Nova\'s option).'),
    cfg.IntOpt('shelved_poll_interval', default=3600,
               help='Seconds between checks for shelved servers to offload; -1 disables '
                    'the check (Nova\'s option).'),
    cfg.IntOpt('reclaim_instance_interval', default=0,
               help='Seconds a deleted server stays SOFT_DELETED (restorable) before a '
                    'periodic task reclaims it; 0 deletes at once (Nova\'s option).'),
    cfg.IntOpt('periodic_interval', default=60, min=1,
               help='Seconds between runs of the compute hosts\' periodic tasks.'),
    cfg.IntOpt('sync_power_state_interval', default=600,
               help='Seconds between syncs of the database\'s power states with the '
                    'hypervisor\'s (_sync_power_states); negative disables (Nova\'s option).'),
    # server moves (resize, cold migration)
    cfg.IntOpt('resize_confirm_window', default=0, min=0,
               help='Seconds after which a resize or cold migration waiting in '
                    'VERIFY_RESIZE is confirmed by a periodic task of its destination host; '
                    '0 never confirms automatically (Nova\'s option).'),
    cfg.BoolOpt('allow_resize_to_same_host', default=False,
                help='Let the scheduler pick the server\'s own host for a resize (a cold '
                     'migration always goes elsewhere) (Nova\'s option).'),
]

fake_opts = [
    cfg.IntOpt('vcpus', default=1000, min=1, help='vCPUs each fake host reports.'),
    cfg.IntOpt('memory_mb', default=800000, min=1, help='RAM (MiB) each fake host reports.'),
    cfg.IntOpt('local_gb', default=600000, min=1, help='Disk (GiB) each fake host reports.'),
]


def register_opts(conf):
    conf.register_opts(opts)
    conf.register_group(cfg.OptGroup(fake_group.name, title=fake_group.title))
    conf.register_opts(fake_opts, group=fake_group.name)


def list_opts():
    return {'DEFAULT': opts, fake_group: fake_opts}
