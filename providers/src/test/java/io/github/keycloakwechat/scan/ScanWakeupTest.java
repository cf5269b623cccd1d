package io.github.keycloakwechat.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScanWakeupTest {

    @Test
    void aSignalReachesTheWaitersOfThatSceneOnly() {
        ScanWakeup wakeup = new ScanWakeup(true);
        AtomicInteger rung = new AtomicInteger();
        Runnable a = rung::incrementAndGet;
        Runnable b = () -> rung.addAndGet(100);
        wakeup.register("scene-a", a);
        wakeup.register("scene-b", b);
        assertEquals(2, wakeup.waiting());
        assertEquals(1, wakeup.waiting("scene-a"));
        wakeup.signal("scene-a");
        assertEquals(1, rung.get());
        wakeup.unregister("scene-a", a);
        wakeup.unregister("scene-a", a);
        assertEquals(1, wakeup.waiting());
        assertEquals(0, wakeup.waiting("scene-a"));
    }

    @Test
    void aDisabledDoorbellRingsNobody() {
        ScanWakeup wakeup = new ScanWakeup(false);
        AtomicInteger rung = new AtomicInteger();
        wakeup.register("scene", rung::incrementAndGet);
        wakeup.signal("scene");
        assertEquals(0, rung.get());
    }
}
