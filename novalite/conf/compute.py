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
    cfg.IntOpt('build_workers', default=200, min=1,
               help='Concurrent builds one compute service runs.'),
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
