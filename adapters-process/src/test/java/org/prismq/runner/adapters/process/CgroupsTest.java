package org.prismq.runner.adapters.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CgroupsTest {

    private static final String V1_CPU = "31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu";

    @Test
    void aHybridSystemHoldsTheServiceInTheUnifiedHierarchy() {
        List<String> mounts = List.of(V1_CPU,
                "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw");

        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified")),
                Cgroups.ownCgroup(mounts, List.of("1:cpu:/", "0::/")));
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified/system.slice/prismq.service")),
                Cgroups.ownCgroup(mounts, List.of("0::/system.slice/prismq.service")));
    }

    @Test
    void aMountOfPartOfTheHierarchyIsMappedFromItsRoot() {
        List<String> mounts = List.of(
                "29 23 0:26 /kubepods/pod1 /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate");

        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/app")),
                Cgroups.ownCgroup(mounts, List.of("0::/kubepods/pod1/app")));
        assertEquals(Optional.empty(), Cgroups.ownCgroup(mounts, List.of("0::/elsewhere")));
    }

    @Test
    void escapedCharactersOfTheMountPointAreDecoded() {
        List<String> mounts = List.of("29 23 0:26 / /mnt/cgroup\\040two rw - cgroup2 cgroup2 rw");

        assertEquals(Optional.of(Path.of("/mnt/cgroup two/x")), Cgroups.ownCgroup(mounts, List.of("0::/x")));
    }

    @Test
    void withoutACgroup2MountOrAUnifiedLineThereIsNone() {
        assertEquals(Optional.empty(), Cgroups.ownCgroup(List.of(V1_CPU), List.of("0::/")));
        assertEquals(Optional.empty(), Cgroups.ownCgroup(
                List.of("40 30 0:37 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw"), List.of("1:cpu:/")));
    }
}
