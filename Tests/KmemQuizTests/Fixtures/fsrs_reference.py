#!/usr/bin/env python3
"""Writes fsrs_reference.json: fixed rating sequences replayed through the reference FSRS
scheduler (the PyPI package `fsrs`), for FSRSReferenceTests.swift to replay and compare.

Run by hand when the reference changes, never at test time (the tests need no Python):

    pip install fsrs==6.3.2
    python3 Tests/KmemQuizTests/Fixtures/fsrs_reference.py

Every review time is a whole number of seconds after the Unix epoch, in UTC. Fuzzing draws
from `random.random`; for the fuzzed cases it is replaced by a fixed list of values that the
fixture records, so the Swift side can feed the same values.
"""
import json
import os
import random as pyrandom
from datetime import datetime, timedelta, timezone
from importlib.metadata import version

import fsrs
import fsrs.scheduler as sched_mod
from fsrs import Card, Rating, Scheduler

START = datetime(2024, 3, 1, 8, 0, 0, tzinfo=timezone.utc)


def epoch(dt):
    return (dt - datetime(1970, 1, 1, tzinfo=timezone.utc)).total_seconds()


def card_dict(card):
    return {
        "state": int(card.state),
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": epoch(card.due),
        "last_review": epoch(card.last_review) if card.last_review else None,
    }


def scheduler_dict(s):
    return {
        "parameters": list(s.parameters),
        "desired_retention": s.desired_retention,
        "learning_steps": [td.total_seconds() for td in s.learning_steps],
        "relearning_steps": [td.total_seconds() for td in s.relearning_steps],
        "maximum_interval": s.maximum_interval,
        "enable_fuzzing": s.enable_fuzzing,
    }


def replay(name, scheduler, plan, fuzz_values=None):
    """plan: list of (rating, when) where `when` is ("due", seconds) = the card's due time
    plus seconds, or ("after", seconds) = the previous review plus seconds."""
    draws = []
    if fuzz_values is not None:
        values = list(fuzz_values)

        def fixed_random():
            v = values[len(draws) % len(values)]
            draws.append(v)
            return v

        sched_mod.random = fixed_random
    card = Card(card_id=1, due=START)
    last = START
    steps = []
    for rating, (anchor, offset) in plan:
        base = card.due if anchor == "due" else last
        when = base + timedelta(seconds=offset)
        when = when.replace(microsecond=0)
        r_before = scheduler.get_card_retrievability(card, when)
        n_draws = len(draws)
        card, _ = scheduler.review_card(card, Rating(rating), when)
        steps.append({
            "rating": rating,
            "review": epoch(when),
            "retrievability_before": r_before,
            "fuzz": draws[n_draws:],
            "card": card_dict(card),
            "interval_days": (card.due - when).days if card.state == fsrs.State.Review else None,
        })
        last = when
    sched_mod.random = pyrandom.random
    return {"name": name, "scheduler": scheduler_dict(scheduler), "start": epoch(START), "steps": steps}


def random_plan(seed, n):
    rng = pyrandom.Random(seed)
    plan = []
    for _ in range(n):
        rating = rng.choices([1, 2, 3, 4], weights=[2, 2, 5, 1])[0]
        kind = rng.random()
        if kind < 0.5:
            when = ("due", rng.randrange(0, 3600))             # on time
        elif kind < 0.75:
            when = ("due", rng.randrange(86400, 30 * 86400))    # late by days
        elif kind < 0.9:
            when = ("after", rng.randrange(60, 20 * 3600))      # early, same day
        else:
            when = ("due", -rng.randrange(86400, 3 * 86400))    # a day or more early
        plan.append((rating, when))
    return plan


def main():
    cases = []
    no_fuzz = dict(enable_fuzzing=False)
    default = Scheduler(**no_fuzz)
    on_time = ("due", 0)
    cases.append(replay("first review, each rating: again", default, [(1, on_time)]))
    cases.append(replay("first review, each rating: hard", default, [(2, on_time)]))
    cases.append(replay("first review, each rating: good", default, [(3, on_time)]))
    cases.append(replay("first review, each rating: easy", default, [(4, on_time)]))
    cases.append(replay("good all the way", default, [(3, on_time)] * 10))
    cases.append(replay("learning: hard at step 0 then good", default, [(2, on_time), (3, on_time), (3, on_time), (3, on_time)]))
    cases.append(replay("lapse and relearn", default,
                        [(3, on_time), (3, on_time), (3, on_time), (1, on_time), (2, on_time), (3, on_time), (3, on_time)]))
    cases.append(replay("again and again", default, [(1, on_time)] * 6 + [(3, on_time)] * 4))
    cases.append(replay("easy streak", default, [(4, on_time)] * 8))
    cases.append(replay("long gaps", default,
                        [(3, on_time), (3, ("due", 200 * 86400)), (1, ("due", 400 * 86400)), (3, on_time), (4, ("due", 900 * 86400))]))
    for seed in range(1, 9):
        cases.append(replay(f"random plan {seed}", default, random_plan(seed, 25)))

    other = Scheduler(desired_retention=0.8, learning_steps=[timedelta(minutes=5)], relearning_steps=[],
                      maximum_interval=30, enable_fuzzing=False)
    cases.append(replay("retention 0.8, one learning step, no relearning, max 30 days", other, random_plan(101, 25)))
    no_steps = Scheduler(learning_steps=[], relearning_steps=[timedelta(minutes=10), timedelta(hours=1)], enable_fuzzing=False)
    cases.append(replay("no learning steps, two relearning steps", no_steps, random_plan(102, 25)))

    fuzzy = Scheduler(enable_fuzzing=True)
    cases.append(replay("fuzzed, default", fuzzy, random_plan(201, 25), fuzz_values=[0.0, 0.37, 0.5, 0.999, 0.73, 0.12]))
    cases.append(replay("fuzzed, good streak", fuzzy, [(3, on_time)] * 12, fuzz_values=[0.5, 0.25, 0.75]))

    out = {
        "generator": "Tests/KmemQuizTests/Fixtures/fsrs_reference.py",
        "reference": f"fsrs {version('fsrs')} (PyPI)",
        "default_parameters": list(sched_mod.DEFAULT_PARAMETERS),
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fsrs_reference.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {path}: {len(cases)} cases, {sum(len(c['steps']) for c in cases)} reviews")


if __name__ == "__main__":
    main()
