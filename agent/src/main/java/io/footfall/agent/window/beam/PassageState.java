package io.footfall.agent.window.beam;

/** A passage as health reports see it. */
public record PassageState(String name, boolean blocked, long crossings) {}
