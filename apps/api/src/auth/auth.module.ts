import { Logger, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { APP_CONFIG, AppConfig, resolveJwtSecret } from '@serial/runtime';

/** JwtService with the resolved secret, for `JwtAuthGuard` (registered as APP_GUARD in AppModule). */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to read it as a
        // public key on every verify, ~1 ms of CPU per request against ~40 µs.
        secret: createSecretKey(resolveJwtSecret(config, new Logger('Auth')), 'utf8'),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  exports: [JwtModule],
})
export class AuthModule {}
