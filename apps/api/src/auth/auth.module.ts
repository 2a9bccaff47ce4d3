import { Logger, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { resolveJwtSecret } from './jwt-secret';

/** JwtService with the resolved secret, for `JwtAuthGuard` (registered as APP_GUARD in AppModule). */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: resolveJwtSecret(config, new Logger('Auth')),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  exports: [JwtModule],
})
export class AuthModule {}
