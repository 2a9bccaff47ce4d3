import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';

/** A body the size of a single-serial command's: one identifier, one optional number. */
export class CeilingDto {
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9._-]+$/)
  code!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  quantity?: number;
}

@Controller()
class CeilingController {
  @Post('ceiling')
  @HttpCode(200)
  accept(@Body() dto: CeilingDto): { code: string; accepted: true } {
    return { code: dto.code, accepted: true };
  }

  @Get('ready')
  ready(): { ready: true } {
    return { ready: true };
  }
}

@Module({ controllers: [CeilingController] })
class CeilingModule {}

/**
 * The framework's ceiling on this machine: NestJS 11 on Fastify with the same strict validation pipe
 * the service uses, one route, no auth, no store. Every HTTP figure of a run is read against what this
 * app does in the same run (issue "Performance, second round").
 */
export async function startCeilingApp(port: number): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(CeilingModule, new FastifyAdapter(), {
    logger: false,
  });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  await app.listen(port, '127.0.0.1');
  return app;
}
