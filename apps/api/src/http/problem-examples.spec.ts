import { PROBLEM_EXAMPLES } from './problem-examples';
import { STATUS_BY_CODE } from './problem';

describe('PROBLEM_EXAMPLES', () => {
  it('has an example for every code of STATUS_BY_CODE, and for nothing else', () => {
    expect(Object.keys(PROBLEM_EXAMPLES).sort()).toEqual(Object.keys(STATUS_BY_CODE).sort());
  });

  it('says when each code is answered and what the detail reads', () => {
    const thin = Object.entries(PROBLEM_EXAMPLES).filter(
      ([, e]) => e.when.length < 10 || e.detail.length < 10,
    );
    expect(thin).toEqual([]);
  });
});
