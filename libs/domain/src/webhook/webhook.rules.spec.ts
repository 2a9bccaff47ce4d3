import { webhookSecretProblem, webhookUrlProblem, webhookWants } from './webhook.rules';

const secretOf = (bytes: number) => `whsec_${Buffer.alloc(bytes, 7).toString('base64')}`;

describe('webhook rules', () => {
  it('takes Standard Webhooks secrets of 24 to 64 bytes', () => {
    for (const bytes of [24, 25, 26, 32, 64]) expect(webhookSecretProblem(secretOf(bytes))).toBeUndefined();
    expect(webhookSecretProblem(secretOf(23))).toMatch(/got 23 bytes/);
    expect(webhookSecretProblem(secretOf(65))).toMatch(/got 65 bytes/);
    for (const bad of [
      '',
      'whsec_',
      secretOf(32).slice(6),
      'whsec_not base64!!',
      `whsec_${'A'.repeat(33)}`,
    ]) {
      expect(webhookSecretProblem(bad)).toMatch(/whsec_ followed by the base64/);
    }
  });

  it('takes absolute http and https URLs only', () => {
    expect(webhookUrlProblem('https://erp.example.com/hooks?tenant=1')).toBeUndefined();
    expect(webhookUrlProblem('http://10.0.0.5:8080/hook')).toBeUndefined();
    expect(webhookUrlProblem('ftp://erp.example.com/')).toMatch(/http or https/);
    expect(webhookUrlProblem('file:///etc/passwd')).toMatch(/http or https/);
    expect(webhookUrlProblem('/relative')).toMatch(/absolute/);
    expect(webhookUrlProblem('https://erp.example.com/#x')).toMatch(/fragment/);
  });

  it('wants every event when its lists are empty, else the listed types and products', () => {
    const delivered = { type: 'SerialDelivered', data: { productId: 'LAPTOP' } };
    expect(webhookWants({ types: [], productIds: [] }, delivered)).toBe(true);
    expect(webhookWants({ types: ['SerialDelivered'], productIds: ['LAPTOP'] }, delivered)).toBe(true);
    expect(webhookWants({ types: ['SerialReceived'], productIds: [] }, delivered)).toBe(false);
    expect(webhookWants({ types: [], productIds: ['DRILL'] }, delivered)).toBe(false);
    expect(webhookWants({ types: [], productIds: ['DRILL'] }, { type: 'MovementValidated', data: {} })).toBe(
      false,
    );
  });
});
