/**
 * The agent as a systemd service: readiness, status and watchdog notifications
 * ({@code sd_notify(3)}) sent over {@code $NOTIFY_SOCKET}, and the heartbeats that decide whether
 * the watchdog is fed.
 */
package io.footfall.agent.systemd;
