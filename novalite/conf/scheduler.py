from oslo_config import cfg

scheduler_group = cfg.OptGroup('filter_scheduler', title='Scheduler options')

opts = [
    cfg.ListOpt('enabled_filters', default=['ComputeFilter', 'ResourceFilter',
                                            'AvailabilityZoneFilter',
                                            'ImagePropertiesFilter',
                                            'ServerGroupAntiAffinityFilter',
                                            'ServerGroupAffinityFilter',
                                            'SameHostFilter', 'DifferentHostFilter'],
                help='Filters, names in the novalite.scheduler.filters namespace: '
                     'ComputeFilter, ResourceFilter, AvailabilityZoneFilter, '
                     'AggregateInstanceExtraSpecsFilter, ImagePropertiesFilter, '
                     'ServerGroupAntiAffinityFilter, ServerGroupAffinityFilter, '
                     'SameHostFilter, DifferentHostFilter.'),
    cfg.ListOpt('weight_classes', default=['RAMWeigher', 'CPUWeigher', 'DiskWeigher',
                                           'ServerGroupSoftAffinityWeigher',
                                           'ServerGroupSoftAntiAffinityWeigher'],
                help='Weighers, names in the novalite.scheduler.weights namespace.'),
    cfg.FloatOpt('ram_weight_multiplier', default=1.0,
                 help='Free RAM: positive spreads instances, negative packs them.'),
    cfg.FloatOpt('cpu_weight_multiplier', default=1.0,
                 help='Free vCPUs: positive spreads instances, negative packs them.'),
    cfg.FloatOpt('disk_weight_multiplier', default=1.0,
                 help='Free disk: positive spreads instances, negative packs them.'),
    cfg.FloatOpt('soft_affinity_weight_multiplier', default=1.0, min=0.0,
                 help='How much the soft-affinity policy weighs against the other weighers.'),
    cfg.FloatOpt('soft_anti_affinity_weight_multiplier', default=1.0, min=0.0,
                 help='How much the soft-anti-affinity policy weighs against the other '
                      'weighers.'),
    cfg.IntOpt('max_attempts', default=3, min=1,
               help='Hosts a build may try before it fails.'),
    cfg.IntOpt('host_subset_size', default=1, min=1,
               help='Pick randomly among this many best hosts.'),
]


def register_opts(conf):
    conf.register_group(cfg.OptGroup(scheduler_group.name, title=scheduler_group.title))
    conf.register_opts(opts, group=scheduler_group.name)


def list_opts():
    return {scheduler_group: opts}
