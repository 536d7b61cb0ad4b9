import datetime as dt

from transparency.workdays import WorkCalendar, add_months

D = dt.date
# National Day 2026 as in the State Council notice: 10-01..10-07 off, 09-20 and 10-10 worked.
CAL = WorkCalendar(
    holidays=frozenset(D(2026, 10, d) for d in range(1, 8)),
    workdays=frozenset({D(2026, 9, 20), D(2026, 10, 10)}),
    years=frozenset({2026}),
)


def test_decision_day_is_not_counted():
    due = CAL.after_days(D(2026, 3, 2), 15)
    assert due.date == D(2026, 3, 17)
    assert not due.extended


def test_due_date_on_a_weekend_moves_to_monday():
    due = CAL.after_days(D(2026, 3, 6), 15)  # 03-21 is a Saturday
    assert (due.nominal, due.date) == (D(2026, 3, 21), D(2026, 3, 23))


def test_due_date_in_a_holiday_moves_past_it():
    due = CAL.after_days(D(2026, 9, 16), 15)  # 10-01, National Day
    assert due.date == D(2026, 10, 8)
    assert due.extended


def test_make_up_workday_is_not_a_rest_day():
    due = CAL.after_days(D(2026, 9, 25), 15)  # 10-10 is a Saturday worked
    assert due.date == D(2026, 10, 10)
    assert not CAL.is_rest_day(D(2026, 9, 20))


def test_missing_calendar_gives_no_extension_and_says_so():
    due = CAL.after_days(D(2026, 12, 20), 15)  # 2027-01-04; no 2027 data
    assert due.date == D(2027, 1, 4)
    assert due.missing_years == frozenset({2027})


def test_rolling_into_a_year_without_data_stops_there():
    cal = WorkCalendar(years=frozenset({2026}))
    due = cal.after_days(D(2026, 12, 16), 15)  # 12-31 is a Thursday: no roll
    assert due.date == D(2026, 12, 31)
    due = cal.after_days(D(2026, 12, 11), 15)  # 12-26 Saturday → 12-28 Monday
    assert due.date == D(2026, 12, 28)


def test_three_working_days_skip_weekends_and_holidays():
    assert CAL.after_working_days(D(2026, 3, 6), 3).date == D(2026, 3, 11)  # Fri → Wed
    assert CAL.after_working_days(D(2026, 9, 30), 3).date == D(2026, 10, 10)


def test_working_days_without_data_count_every_day():
    due = WorkCalendar().after_working_days(D(2027, 1, 1), 3)
    assert due.date == D(2027, 1, 4)
    assert due.missing_years == frozenset({2027})


def test_periods_of_seven_days_or_less_are_working_days():
    assert CAL.period_due(D(2026, 3, 6), 3).date == D(2026, 3, 11)
    assert CAL.period_due(D(2026, 3, 2), 15).date == D(2026, 3, 17)


def test_month_end_rule():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert add_months(D(2026, 12, 15), 1) == D(2027, 1, 15)


def test_a_fixed_day_deadline_rolls_forward_like_the_others():
    due = CAL.on_or_after(D(2026, 10, 3))  # in the National Day holiday
    assert (due.nominal, due.date) == (D(2026, 10, 3), D(2026, 10, 8))


def test_a_year_whose_file_is_broken_is_not_reported_missing_but_doubtful():
    cal = WorkCalendar(years=frozenset(), broken=frozenset({2026}))
    due = cal.after_days(D(2026, 9, 16), 15)
    assert due.date == D(2026, 10, 1)  # no data that can be trusted: no extension
    assert (due.missing_years, due.doubtful_years) == (frozenset(), frozenset({2026}))
